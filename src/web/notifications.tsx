import { createContext, useContext, useEffect, useState } from 'react';
import { useSession } from './session.tsx';
import type { Notification } from './types.ts';

interface Live {
  unreadCount: number;
  setUnreadCount(n: number): void;
  /** The latest notification pushed over the stream (pages prepend it). */
  latest: Notification | null;
}

const LiveContext = createContext<Live>({ unreadCount: 0, setUnreadCount: () => {}, latest: null });

export function useLiveNotifications(): Live {
  return useContext(LiveContext);
}

type StreamMessage =
  | { type: 'hello'; unreadCount: number }
  | { type: 'notification'; seq: number; notification: Notification; unreadCount: number }
  | { type: string; unreadCount?: number };

/** Keeps one WebSocket to /api/v1/stream while signed in; reconnects with backoff and resumes
 * after the last seq seen so nothing is missed across a dropped connection. */
export function LiveNotificationsProvider({ children }: { children: React.ReactNode }) {
  const { me } = useSession();
  const [unreadCount, setUnreadCount] = useState(0);
  const [latest, setLatest] = useState<Notification | null>(null);
  const userId = me?.id;
  useEffect(() => {
    if (!userId) return;
    let socket: WebSocket | null = null;
    let closed = false;
    let attempt = 0;
    let lastSeq: number | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      const proto = window.location.protocol === 'https:' ? 'wss' : 'ws';
      const since = lastSeq === undefined ? '' : `?since=${lastSeq}`;
      socket = new WebSocket(`${proto}://${window.location.host}/api/v1/stream${since}`);
      socket.onopen = () => { attempt = 0; };
      socket.onmessage = (event) => {
        let msg: StreamMessage;
        try {
          msg = JSON.parse(String(event.data)) as StreamMessage;
        } catch {
          return;
        }
        if (typeof msg.unreadCount === 'number') setUnreadCount(msg.unreadCount);
        if (msg.type === 'notification' && 'notification' in msg) {
          lastSeq = msg.seq;
          setLatest(msg.notification);
        }
      };
      socket.onclose = () => {
        if (closed) return;
        attempt += 1;
        timer = setTimeout(connect, Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5)));
      };
    };
    connect();
    return () => {
      closed = true;
      clearTimeout(timer);
      socket?.close();
    };
  }, [userId]);
  return <LiveContext.Provider value={{ unreadCount: userId ? unreadCount : 0, setUnreadCount, latest }}>{children}</LiveContext.Provider>;
}
