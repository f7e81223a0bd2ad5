// The Pending Uploads view around its tree: badge, refresh with progress, and the optional
// auto-refresh that runs only while the view is visible.
import vscode = require('vscode');
import { cancelledError } from '../client/errors';
import { errorText } from '../commands/errorText';
import type { DigitalAssetInfo } from '../client/types';
import type { KeptListing, ListingKeeper } from '../pending/keptListing';
import type { PendingSource, PendingUploads } from '../pending/model';
import { RefreshGate } from '../pending/refreshGate';
import type { Session } from '../session';
import { readSettings } from '../settings';
import type { Uploads } from '../uploads';
import { PendingDropController } from './dropController';
import { PendingTreeProvider, type PendingNode } from './pendingTree';

export const VIEW_ID = 'metastudio.pending';
/** A refresh silent this long past the request timeout is taken for stuck. */
const STUCK_MARGIN_MS = 5_000;

export class PendingView implements vscode.Disposable {
  readonly tree: PendingTreeProvider;
  readonly treeView: vscode.TreeView<PendingNode>;
  /** Takes files and folders dropped on the view. */
  readonly drop = new PendingDropController();
  private timer?: NodeJS.Timeout;
  private readonly gate = new RefreshGate(() => readSettings().timeoutMs + STUCK_MARGIN_MS);
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Reloads run one after the other; while one runs, nothing else starts a refresh. */
  private reloads: Promise<void> = Promise.resolve();
  private reloading = 0;
  /** The last value of the `metastudio.listedEmpty` context key (the empty-state welcome's `when`). */
  private listedEmpty = false;
  /** The listing kept last, read from activation on, before the credentials that tell its tenant are. */
  private latestKept?: Promise<(KeptListing & { tenant: string }) | undefined>;
  /** The kept listing being read and shown, and for which tenant: one read at a time. */
  private keptShowing?: { tenant: string; done: Promise<void> };

  constructor(
    private readonly model: PendingUploads,
    private readonly session: Session,
    private readonly uploads: Uploads,
    private readonly keeper: ListingKeeper,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    // Started first, so the first rows after a restart wait for nothing but this read and the credentials'.
    this.latestKept = keeper.loadLatest().catch(() => undefined);
    this.tree = new PendingTreeProvider(model);
    this.treeView = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this.tree, canSelectMany: true, showCollapseAll: true, dragAndDropController: this.drop });
    // Until the credentials are read and the first listing is in: never a blank view, never the sign-in welcome.
    this.treeView.message = vscode.l10n.t('Loading pending uploads…');
    this.subscriptions.push(
      this.tree,
      this.treeView,
      { dispose: model.onDidChange(() => this.updateBadge()).dispose },
      // The view may be open before the credentials are read (at start-up): load once both are there.
      this.treeView.onDidChangeVisibility(() => this.loadIfShown()),
      session.onDidChangeState(() => this.loadIfShown()),
    );
  }

  private loadIfShown(): void {
    if (this.treeView.visible && !this.model.isLoaded && this.session.state === 'ready' && !this.gate.busy && this.reloading === 0) {
      void this.refresh().catch(() => undefined);
    }
  }

  /** The listing kept from the last complete refresh of this tenant, shown with its age until a refresh completes. */
  private showKept(): Promise<void> {
    const tenant = this.session.tenant;
    if (!tenant || this.model.keptAt !== undefined || this.model.isLoaded) {
      return Promise.resolve();
    }
    if (this.keptShowing?.tenant !== tenant) {
      const done = this.readKept(tenant).finally(() => {
        if (this.keptShowing?.done === done) {
          this.keptShowing = undefined;
        }
      });
      this.keptShowing = { tenant, done };
    }
    return this.keptShowing.done;
  }

  private async readKept(tenant: string): Promise<void> {
    const latest = await this.latestKept;
    this.latestKept = undefined; // read at start-up, used once
    const kept = latest?.tenant === tenant ? latest : await this.keeper.load(tenant);
    if (kept && !this.model.isLoaded && this.model.keptAt === undefined && this.session.tenant === tenant) {
      this.model.showKept(kept.assets, kept.savedAt);
      this.treeView.message = vscode.l10n.t('The list from {0}; refreshing…', age(kept.savedAt));
    }
  }

  /** The client as the model's source, and `keep()`, which keeps the listing it read (once complete) for the next start. */
  private keeping(inner: PendingSource): { source: PendingSource; keep(): Promise<void> } {
    const tenant = this.session.tenant;
    let listed: DigitalAssetInfo[] | undefined;
    return {
      source: {
        listAllAssets: async (...args: Parameters<PendingSource['listAllAssets']>) => (listed = await inner.listAllAssets(...args)),
      },
      keep: async () => {
        if (tenant && listed) {
          await this.keeper.save(tenant, listed).catch(this.onError);
        }
      },
    };
  }

  /**
   * Reads the pending uploads from MetaStudio; one refresh at a time, the others join it, and one
   * silent for longer than the request timeout is replaced (refreshGate.ts). Until a listing is
   * complete, the one kept from the last complete refresh shows, with its age; without one, rows
   * show as pages arrive and the view's message counts the assets read.
   */
  refresh(): Promise<void> {
    if (!this.gate.busy && !this.model.isLoaded) {
      // Nothing listed yet: the view says it is at work until a kept listing or the first page shows.
      this.treeView.message = vscode.l10n.t('Loading pending uploads…');
      void this.showKept().catch(this.onError);
    }
    const promise = this.gate.run(async (signal) => vscode.window.withProgress({ location: { viewId: VIEW_ID } }, () => this.read(signal)));
    void vscode.commands.executeCommand('setContext', 'metastudio.refreshing', true);
    const settled = (error?: unknown) => {
      // The view's own row says why, whoever asked for the refresh (the first load has no one to tell).
      this.tree.setFailure(error === undefined || this.gate.busy || this.session.state === 'unconfigured' ? undefined : errorText(error));
      if (!this.gate.busy) {
        // A kept listing still shown: the refresh did not complete (failed or cancelled).
        const kept = this.model.keptAt;
        this.treeView.message = kept === undefined ? undefined : vscode.l10n.t('The list from {0}: the refresh did not finish (details in the MetaStudio output).', age(kept));
        void vscode.commands.executeCommand('setContext', 'metastudio.refreshing', false);
      }
    };
    void promise.then(() => settled(), (error: unknown) => settled(error ?? new Error('refresh failed')));
    return promise;
  }

  /** Cancel Refresh: the list read so far stays as it was before the refresh. */
  cancelRefresh(): void {
    this.gate.cancel();
  }

  /** One refresh on the client of a lease; signing out stops it as Cancel Refresh does. */
  private read(cancel: AbortSignal): Promise<void> {
    return this.session.use(async (client, signedOut) => {
      const signal = AbortSignal.any([cancel, signedOut]);
      // A profile switch cancels the refresh: no page or answer of the old profile lands after it.
      const source: PendingSource = {
        listAllAssets: async (query, listSignal, onPage) => {
          const assets = await client.listAllAssets(query, listSignal, (page) => {
            if (!cancel.aborted) {
              onPage?.(page);
            }
          });
          if (cancel.aborted) {
            throw cancelledError('Refresh');
          }
          return assets;
        },
      };
      try {
        const listing = this.keeping(source);
        await this.model.refresh(listing.source, signal, (assets) => {
          this.gate.alive();
          if (!signal.aborted && this.model.keptAt === undefined) {
            this.treeView.message = assets === 1 ? vscode.l10n.t('Reading pending uploads: 1 asset read…') : vscode.l10n.t('Reading pending uploads: {0} assets read…', assets);
          }
        });
        if (!signal.aborted) {
          await listing.keep(); // not after a sign-out: its kept listing is removed then
        }
        this.session.accepted();
        await this.uploads.reconcile(client, this.model.serverFileIds(), signal);
      } catch (error) {
        if ((error as { kind?: string }).kind === 'auth') {
          this.session.rejected();
        }
        throw error;
      }
    });
  }

  /** Removes the listing kept for `tenant` (signed out, or its profile removed), so that it is not shown at the next start. */
  async forgetKept(tenant: string | undefined): Promise<void> {
    if (tenant) {
      await this.keeper.remove(tenant).catch(this.onError);
    }
  }

  /**
   * The profile, its credentials or its place changed (here or in another window): the rows of the
   * old one go at once, a refresh of the old one is cancelled, then the new one's are read.
   */
  reload(): Promise<void> {
    this.reloading++;
    const next = this.reloads.then(() => this.reloadNow()).finally(() => this.reloading--);
    this.reloads = next.catch(() => undefined);
    return next;
  }

  private async reloadNow(): Promise<void> {
    const changed = await this.session.load();
    const profile = this.session.profile;
    this.treeView.description = profile?.unavailable ? vscode.l10n.t('{0} (not available)', profile.name) : profile?.name;
    if (this.session.state === 'unconfigured') {
      this.treeView.message = undefined; // the sign-in welcome says what to do
    }
    if (!changed) {
      return;
    }
    this.gate.cancel();
    this.tree.setFailure(undefined);
    this.model.clear();
    this.model.setUploads([]);
    // In an open view the kept listing shows as soon as the tenant is known, without waiting for this
    // machine's records, and before the refresh that replaces it loads the client and its network
    // stack. (A hidden view shows it when it opens and refreshes.)
    let kept: Promise<void> | undefined;
    if (this.treeView.visible) {
      kept = this.showKept().catch(this.onError);
    } else {
      this.latestKept = undefined; // not held in memory for a view that may never open: it reads its own then
    }
    await this.uploads.reload();
    if (this.session.state !== 'unconfigured' && this.treeView.visible) {
      await kept;
      await this.refresh();
    }
  }

  /** Refreshes every `seconds` while the view is visible; 0 stops it. */
  setAutoRefresh(seconds: number, onError: (error: unknown) => void): void {
    clearInterval(this.timer);
    this.timer = undefined;
    if (seconds > 0) {
      this.timer = setInterval(() => {
        if (this.treeView.visible && this.session.state === 'ready') {
          this.refresh().catch(onError);
        }
      }, seconds * 1000);
    }
  }

  private updateBadge(): void {
    const count = this.model.count;
    const tooltip = count === 1 ? vscode.l10n.t('1 pending upload') : vscode.l10n.t('{0} pending uploads', count);
    this.treeView.badge = count > 0 ? { value: count, tooltip } : undefined;
    // The empty-state welcome: only after a complete listing that found nothing, never "empty so far".
    const listedEmpty = this.model.listedEmpty;
    if (listedEmpty !== this.listedEmpty) {
      this.listedEmpty = listedEmpty;
      void vscode.commands.executeCommand('setContext', 'metastudio.listedEmpty', listedEmpty);
    }
  }

  dispose(): void {
    clearInterval(this.timer);
    this.subscriptions.forEach((s) => s.dispose());
  }
}

/** How long ago `time` was, in the display language: "5 minutes ago", "5分钟前". */
export function age(time: number, now = Date.now()): string {
  const seconds = Math.round((time - now) / 1000);
  const format = new Intl.RelativeTimeFormat(vscode.env.language, { numeric: 'auto' });
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [['day', 86_400], ['hour', 3_600], ['minute', 60]];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) {
      return format.format(Math.round(seconds / size), unit);
    }
  }
  return format.format(Math.min(0, seconds), 'second');
}
