import { describe, expect, it } from "vitest";
import { createMemoryKeyValue } from "../testing/memory-key-value";
import { createSessions } from "./sessions";

const alice = { actor: "user:1", role: "editor", name: "alice", via: "password" } as const;

function setup() {
  let clock = Date.parse("2026-05-01T08:00:00Z");
  const kv = createMemoryKeyValue({ now: () => clock });
  const sessions = createSessions({ kv, ttlSeconds: 3600, now: () => new Date(clock) });
  return { kv, sessions, advance: (ms: number) => (clock += ms) };
}

describe("browser sessions", () => {
  it("starts a session that its id finds, with its own CSRF token and an absolute expiry", async () => {
    const { sessions } = setup();
    const a = await sessions.create(alice);
    const b = await sessions.create(alice);
    expect(a.id).toMatch(/^[a-z2-7]{52}$/);
    expect(a.id).not.toBe(b.id);
    expect(a.record.csrfToken).not.toBe(b.record.csrfToken);
    expect(a.record).toMatchObject({ ...alice, expiresAt: "2026-05-01T09:00:00.000Z" });
    expect(await sessions.get(a.id)).toEqual(a.record);
  });

  it("stores the session under the id's hash, so the store's keys cannot be replayed as cookies", async () => {
    const { kv, sessions } = setup();
    const { id } = await sessions.create(alice);
    const { keys } = await kv.list();
    expect(keys).toHaveLength(1);
    expect(keys[0]?.name).toMatch(/^session:[0-9a-f]{64}$/);
    expect(keys[0]?.name).not.toContain(id);
    const stored = keys[0]?.name.slice("session:".length) ?? "";
    expect(await sessions.get(stored)).toBeNull();
  });

  it("forgets a session when it expires or ends, and ignores ids that are not ids", async () => {
    const { sessions, advance } = setup();
    const first = await sessions.create(alice);
    const second = await sessions.create(alice);
    await sessions.end(first.id);
    expect(await sessions.get(first.id)).toBeNull();
    await sessions.end(first.id);
    expect(await sessions.get(second.id)).not.toBeNull();
    advance(3600 * 1000);
    expect(await sessions.get(second.id)).toBeNull();
    expect(await sessions.get("")).toBeNull();
    expect(await sessions.get("../../etc/passwd")).toBeNull();
    await expect(sessions.end("NOT-AN-ID")).resolves.toBeUndefined();
  });
});
