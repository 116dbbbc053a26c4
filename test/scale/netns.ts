/**
 * Network namespaces for the scale-out test's second variant: each process runs in its own namespace,
 * joined to the host by a veth pair (host end 10.x.i.1, namespace end 10.x.i.2), so it reaches Redis and
 * PostgreSQL only over their addresses, as a process on another machine would. Needs root (ip netns).
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface Namespace {
  readonly name: string;
  /** The namespace's own address. */
  readonly address: string;
  /** The host's end of the link: where this namespace reaches services on the host. */
  readonly gateway: string;
  spawn(command: string, args: readonly string[], options: SpawnOptions): ChildProcess;
}

function ip(...args: string[]): void {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr}`);
}

export function netnsAvailable(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = `sdgprobe${process.pid}`;
  const added = spawnSync('ip', ['netns', 'add', probe]).status === 0;
  if (added) spawnSync('ip', ['netns', 'del', probe]);
  return added;
}

export function createNamespaces(count: number): { namespaces: Namespace[]; destroy(): void } {
  const octet = 100 + (process.pid % 100);
  const namespaces: Namespace[] = [];
  const created: string[] = [];
  const destroy = (): void => {
    for (const name of created.splice(0)) spawnSync('ip', ['netns', 'del', name]);
  };
  try {
    for (let i = 1; i <= count; i++) {
      const name = `sdg${process.pid}n${i}`;
      const host = `sdg${process.pid % 100000}h${i}`;
      const peer = `sdg${process.pid % 100000}p${i}`;
      const gateway = `10.${octet}.${i}.1`;
      const address = `10.${octet}.${i}.2`;
      ip('netns', 'add', name);
      created.push(name);
      ip('link', 'add', host, 'type', 'veth', 'peer', 'name', peer);
      ip('link', 'set', peer, 'netns', name);
      ip('addr', 'add', `${gateway}/24`, 'dev', host);
      ip('link', 'set', host, 'up');
      ip('netns', 'exec', name, 'ip', 'addr', 'add', `${address}/24`, 'dev', peer);
      ip('netns', 'exec', name, 'ip', 'link', 'set', peer, 'up');
      ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
      namespaces.push({
        name,
        address,
        gateway,
        // `ip netns exec` execs the command in place: the child's pid is the command's, so signals reach it.
        spawn: (command, args, options) => spawn('ip', ['netns', 'exec', name, command, ...args], options),
      });
    }
  } catch (error) {
    destroy();
    throw error;
  }
  return { namespaces, destroy };
}
