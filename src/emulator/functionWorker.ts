// The child process that runs one cloud function for the emulator (written with the emulator).
