// One client of the UDP proxy. UDP has no connections, so the proxy makes one up: a socket of
// its own towards the real server for each client address, so that the server's replies,
// which come back to that socket, can only belong to that client.
import dgram from "node:dgram";
import { formatAddress } from "@socket-lessons/cli";
import { DatagramWeather, type DatagramWeatherSettings } from "./datagram-weather.ts";
import { DIRECTION_LABEL, type Direction } from "./direction.ts";
import type { DatagramEvent } from "./options.ts";
import type { Random } from "./random.ts";
import { traceEvent, traceForwarded, type WeatherConsole } from "./trace.ts";

/** An address a datagram can be sent to, already resolved. */
export interface DatagramAddress {
  address: string;
  port: number;
  family: 4 | 6;
}

export interface UdpClientSettings extends DatagramWeatherSettings {
  trace: boolean;
  onDatagram?: (event: DatagramEvent) => void;
}

/** Datagrams kept for the server while our socket towards it is not yet connected. */
const MAX_WAITING_DATAGRAMS = 1000;

export class UdpClient {
  /** performance.now() of the last datagram either way (idle clients are forgotten). */
  lastActive = performance.now();
  private readonly upstream: dgram.Socket;
  private readonly toServer: DatagramWeather;
  private readonly toClient: DatagramWeather;
  /** Datagrams for the server that came before our socket was connected. */
  private waiting: Buffer[] | undefined = [];
  private readonly name: string;
  private reportedUnreachable = false;

  constructor(
    private readonly client: DatagramAddress,
    /** The proxy's listening socket: replies to the client leave from the port it sent to. */
    private readonly front: dgram.Socket,
    private readonly server: DatagramAddress,
    private readonly settings: UdpClientSettings,
    random: Random,
    private readonly console: WeatherConsole,
  ) {
    this.name = `client ${formatAddress(client.address, client.port)}`;
    this.toServer = this.weatherFor("client→server", random, (datagram) => this.sendToServer(datagram));
    this.toClient = this.weatherFor("server→client", random, (datagram) => this.sendToClient(datagram));

    this.upstream = dgram.createSocket(server.family === 6 ? "udp6" : "udp4");
    // Without an 'error' listener, an error would crash the proxy. The one to expect: nothing
    // listens at --to, the server's machine answers "port unreachable", and because our
    // socket is connected the system reports it to us as ECONNREFUSED.
    this.upstream.on("error", (error: NodeJS.ErrnoException) => this.upstreamFailed(error));
    this.upstream.on("message", (datagram) => {
      this.lastActive = performance.now();
      this.toClient.submit(datagram);
    });
    // connect on UDP sends nothing: it fixes where our datagrams go, and makes the system
    // hand us datagrams from that address only.
    this.upstream.connect(server.port, server.address, () => {
      const waiting = this.waiting ?? [];
      this.waiting = undefined;
      for (const datagram of waiting) this.upstream.send(datagram, (error) => error && this.upstreamFailed(error));
    });
  }

  /** A datagram from this client, on its way to the server. */
  fromClient(datagram: Buffer): void {
    this.lastActive = performance.now();
    this.toServer.submit(datagram);
  }

  /** Forgets this client: stops its timers and closes its socket towards the server. */
  close(): Promise<void> {
    this.toServer.stop();
    this.toClient.stop();
    return new Promise((resolve) => this.upstream.close(() => resolve()));
  }

  private weatherFor(direction: Direction, random: Random, send: (datagram: Buffer) => void): DatagramWeather {
    return new DatagramWeather(this.settings, random.fork(DIRECTION_LABEL[direction]), (datagram, fate) => {
      if (this.settings.trace) traceForwarded(this.console, this.name, direction, datagram, fate);
      this.settings.onDatagram?.({ direction, datagram, fate });
      if (fate !== "lost" && fate !== "held back") send(datagram);
    });
  }

  private sendToServer(datagram: Buffer): void {
    if (this.waiting === undefined) {
      this.upstream.send(datagram, (error) => error && this.upstreamFailed(error));
    } else if (this.waiting.length < MAX_WAITING_DATAGRAMS) {
      this.waiting.push(datagram);
    }
  }

  private sendToClient(datagram: Buffer): void {
    this.front.send(datagram, this.client.port, this.client.address, (error) => {
      if (error && this.settings.trace) traceEvent(this.console, this.name, `could not send to it: ${error.message}`);
    });
  }

  private upstreamFailed(error: NodeJS.ErrnoException): void {
    if (error.code === "ECONNREFUSED") {
      // Said once per client, trace or not: it is almost always a wrong --to.
      if (!this.reportedUnreachable) {
        this.reportedUnreachable = true;
        const to = formatAddress(this.server.address, this.server.port);
        this.console.error(`[weather] ${this.name}: nothing is listening on ${to} (--to): is the server running?`);
      }
      return;
    }
    if (this.settings.trace) traceEvent(this.console, this.name, `socket towards the server: ${error.message}`);
  }
}
