import { ExplorerNode } from './explorerNode';

/** One load of a node's children; `handedOver` once VS Code was given its promise. */
interface Load {
  controller: AbortController;
  done: Promise<ExplorerNode[]>;
  handedOver: boolean;
}

/**
 * A node whose children come from the network. VS Code is handed the load itself, so it shows
 * its own progress and takes the rows when they are ready, however soon that is: a load that
 * finishes at once (no network call) can never leave a loading row behind. A refresh keeps
 * the old rows on screen until the new ones arrive, so expansion state and scroll position
 * survive. A failure becomes rows (never an empty list), built by `errorRows`.
 */
export abstract class LoadingNode extends ExplorerNode {
  private children?: ExplorerNode[];
  private current?: Load;
  private fresh: boolean;
  private loadingFresh = false;

  constructor(...args: ConstructorParameters<typeof ExplorerNode>) {
    super(...args);
    this.fresh = this.parent?.inFreshLoad() ?? false;
  }

  override inFreshLoad(): boolean {
    return this.loadingFresh || super.inFreshLoad();
  }

  protected abstract load(signal: AbortSignal, fresh: boolean): Promise<ExplorerNode[]>;

  /** Rows to show instead of children when loading failed. */
  protected abstract errorRows(error: unknown): ExplorerNode[];

  override getChildren(): ExplorerNode[] | Promise<ExplorerNode[]> {
    if (this.current) {
      this.current.handedOver = true;
      return this.current.done;
    }
    if (this.children) return this.children;
    const done = this.start();
    this.current!.handedOver = true;
    return done;
  }

  /** The children once the load under way (or a new one) has finished. */
  settledChildren(): Promise<ExplorerNode[]> {
    if (this.current) return this.current.done;
    if (this.children) return Promise.resolve(this.children);
    return this.start();
  }

  /** Replaces the rows without a load, e.g. after "Load more". */
  protected setChildren(rows: ExplorerNode[]): void {
    this.children = rows;
    this.ctx.changed(this);
  }

  /** The first load goes to the server, and so do the loads of the rows it creates (a view-wide refresh). */
  markFresh(): void {
    if (!this.current && !this.children) this.fresh = true;
  }

  override invalidate(): void {
    this.current?.controller.abort();
    this.current = undefined;
    this.fresh = true;
    void this.start();
  }

  private start(): Promise<ExplorerNode[]> {
    const controller = new AbortController();
    const fresh = this.fresh;
    this.loadingFresh = fresh;
    const current: Load = { controller, handedOver: false, done: Promise.resolve([]) };
    current.done = this.load(controller.signal, fresh).then(
      (rows) => this.settle(current, rows),
      (error: unknown) => this.settle(current, controller.signal.aborted ? (this.children ?? []) : this.errorRows(error)),
    );
    this.current = current;
    return current.done;
  }

  /** Keeps the rows of the latest load; redraws only when VS Code was not already waiting for them. */
  private settle(load: Load, rows: ExplorerNode[]): ExplorerNode[] {
    if (this.current !== load) return rows;
    this.current = undefined;
    this.fresh = false;
    this.loadingFresh = false;
    this.children = rows;
    if (!load.handedOver) this.ctx.changed(this);
    return rows;
  }
}
