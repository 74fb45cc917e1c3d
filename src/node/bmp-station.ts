import { EventEmitter } from 'node:events';
import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import type { BmpContextOption } from '../bmp/context.ts';
import { DEFAULT_MAX_BMP_LENGTH } from '../bmp/message.ts';
import { BmpRouter, type BmpRouterOptions } from './bmp-router.ts';

/** Options of {@link BmpStation}; every field has a documented default. */
export interface BmpStationOptions {
  /** Keep one RIB per monitored peer and view (`router.routes(...)`). Default false. */
  readonly rib: boolean;
  /** Routes stored per router before announcements stop being stored (a `limit` event). Default 1,000,000. */
  readonly maxRoutes: number;
  /** Routers remembered (connected or not); beyond that the oldest disconnected one is forgotten. Default 1024. */
  readonly maxRouters: number;
  /** Context for PDUs of peers without a Peer Up (see bgpwire/bmp BmpContextOption). Default none. */
  readonly context: BmpContextOption;
  /** Largest BMP message accepted; a larger one closes the connection. Default 16 MiB. */
  readonly maxLength: number;
}

/** Fills in the defaults of {@link BmpStationOptions}. */
export function resolveBmpStationOptions(options?: Partial<BmpStationOptions>): BmpStationOptions {
  return {
    rib: options?.rib ?? false,
    maxRoutes: options?.maxRoutes ?? 1_000_000,
    maxRouters: options?.maxRouters ?? 1024,
    context: options?.context,
    maxLength: options?.maxLength ?? DEFAULT_MAX_BMP_LENGTH,
  };
}

/**
 * A BMP monitoring station (RFC 7854 section 3.2): accepts connections from many routers and
 * gives one {@link BmpRouter} per router address, each with its own event stream and, with
 * `rib`, one RIB per monitored peer. Emits `router` (a BmpRouter, on each connection: a
 * reconnecting router flushes what it had), `listening`, `error` (only when listened to).
 * @example
 * const station = new BmpStation({ rib: true });
 * station.on('router', (r) => r.on('route-monitoring', (ev) => console.log(ev.pdus[0]?.message)));
 * await station.listen(11019);
 */
export class BmpStation extends EventEmitter {
  readonly options: BmpStationOptions;
  private readonly known = new Map<string, BmpRouter>();
  private readonly sockets = new Set<Socket>();
  /** The current connection of each router address. */
  private readonly current = new Map<string, Socket>();
  private server: Server | undefined;

  constructor(options?: Partial<BmpStationOptions>) {
    super();
    this.options = resolveBmpStationOptions(options);
  }

  /** The routers seen (connected or not), by address. */
  get routers(): ReadonlyMap<string, BmpRouter> {
    return this.known;
  }

  /** The router of `address`, if it has connected. */
  router(address: string): BmpRouter | undefined {
    return this.known.get(address);
  }

  /**
   * Listens for routers on `port` (0 for any) and `host` (default all addresses).
   * @returns the bound address.
   */
  listen(port: number, host?: string): Promise<AddressInfo> {
    if (this.server !== undefined) return Promise.reject(new Error('BmpStation: already listening'));
    const server = createServer((s) => this.accept(s));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        server.on('error', (e) => this.report(e));
        const addr = server.address() as AddressInfo;
        this.safeEmit('listening', addr);
        resolve(addr);
      });
    });
  }

  /**
   * Serves one connected socket (a router that connected, or one the caller connected to: RFC
   * 7854 section 3.2 allows either). A router is known by its address: a new connection from an
   * address that already has one is a reconnect, and the older connection is closed.
   */
  accept(socket: Socket): BmpRouter {
    const address = socket.remoteAddress ?? 'unknown';
    let router = this.known.get(address);
    if (router === undefined) {
      if (this.known.size >= this.options.maxRouters) this.forgetOldest();
      router = new BmpRouter(address, this.routerOptions());
    } else {
      this.known.delete(address);
    }
    this.known.set(address, router);
    const r = router;
    const previous = this.current.get(address);
    this.current.set(address, socket);
    previous?.destroy();
    r.connect(socket.remotePort ?? 0);
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const isCurrent = (): boolean => this.current.get(address) === socket;
    socket.on('data', (chunk: Uint8Array) => {
      // Bytes of a replaced connection, still in flight, are not this router's stream any more.
      if (!isCurrent()) return;
      if (!r.push(chunk, BigInt(Date.now()) * 1_000_000n)) socket.destroy();
    });
    socket.on('error', (e) => {
      if (isCurrent() && r.listenerCount('error') > 0) r.emit('error', e);
    });
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (!isCurrent()) return;
      this.current.delete(address);
      r.disconnect();
    });
    this.safeEmit('router', r);
    return r;
  }

  /** Stops listening and closes every router connection; resolves when all are closed. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = server === undefined ? Promise.resolve() : new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  private routerOptions(): BmpRouterOptions {
    const o = this.options;
    return { rib: o.rib, maxRoutes: o.maxRoutes, context: o.context, maxLength: o.maxLength };
  }

  private forgetOldest(): void {
    for (const [addr, r] of this.known) {
      if (!r.connected) {
        this.known.delete(addr);
        return;
      }
    }
  }

  private report(e: unknown): void {
    if (this.listenerCount('error') > 0) this.safeEmit('error', e);
  }

  private safeEmit(name: string, ...args: unknown[]): void {
    try {
      this.emit(name, ...args);
    } catch (e) {
      if (name !== 'error' && this.listenerCount('error') > 0) {
        try {
          this.emit('error', e);
        } catch {
          // nothing left to tell
        }
      }
    }
  }
}
