import { ExplorerNode } from './explorerNode';
import { MessageNode } from './messageNode';

/**
 * A node whose children come from the network. The first expansion shows a loading row; a
 * refresh keeps the old rows on screen until the new ones arrive, so expansion state and
 * scroll position survive. A failure becomes rows (never an empty list), built by `errorRows`.
 */
export abstract class LoadingNode extends ExplorerNode {
  private children?: ExplorerNode[];
  private current?: { controller: AbortController; done: Promise<ExplorerNode[]> };
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

  override getChildren(): ExplorerNode[] {
    if (!this.current && !this.children) this.start();
    return this.children ?? [MessageNode.loading(this)];
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

  override invalidate(): void {
    this.current?.controller.abort();
    this.current = undefined;
    this.fresh = true;
    this.start();
  }

  private start(): Promise<ExplorerNode[]> {
    const controller = new AbortController();
    const fresh = this.fresh;
    this.loadingFresh = fresh;
    const done = this.load(controller.signal, fresh).then(
      (rows) => rows,
      (error: unknown) => (controller.signal.aborted ? this.children ?? [] : this.errorRows(error)),
    );
    this.current = { controller, done };
    void done.then((rows) => {
      if (this.current?.controller !== controller) return;
      this.current = undefined;
      this.fresh = false;
      this.loadingFresh = false;
      this.children = rows;
      this.ctx.changed(this);
    });
    return done;
  }
}
