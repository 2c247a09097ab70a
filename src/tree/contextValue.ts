/** Builds a `contextValue` such as `wxcloud.function;invokable;localCopy` that menus match with `viewItem =~ /…/`. */
export function contextValue(kind: string, ...flags: Array<string | false | undefined>): string {
  return ['wxcloud.' + kind, ...flags.filter((f): f is string => Boolean(f))].join(';');
}
