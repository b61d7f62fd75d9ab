import ipaddr from "ipaddr.js";
import { AppError } from "../../core/errors";

const RANGE_NAMES: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private address",
  linkLocal: "a link-local address",
  uniqueLocal: "a unique-local address",
  multicast: "a multicast address",
  broadcast: "a broadcast address",
  unspecified: "an unspecified address",
  carrierGradeNat: "a shared (carrier-grade NAT) address",
  reserved: "a reserved address",
};

/** A literal IP address as URLs and resolvers write it (IPv6 in brackets or not), or null for a host name. */
export function parseAddress(host: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  if (!ipaddr.isValid(bare)) return null;
  // `process` turns an IPv4-mapped IPv6 address (::ffff:10.0.0.1) into the IPv4 address it stands for.
  return ipaddr.process(bare);
}

/**
 * Why an address may not be fetched, or null when it is a public unicast address. Anything that is not plainly
 * public is refused — loopback, private, link-local (cloud metadata at 169.254.169.254), unique-local, multicast,
 * unspecified, shared, reserved and documentation ranges, and IPv6 forms that embed an IPv4 address (NAT64, 6to4,
 * Teredo) since the embedded one could be any of those.
 */
export function addressRefusal(address: string, trusted: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][] = []) {
  const parsed = parseAddress(address);
  if (!parsed) return "not an IP address";
  if (trusted.some((range) => parsed.kind() === range[0].kind() && parsed.match(range))) return null;
  const range = parsed.range();
  if (range === "unicast") return null;
  return RANGE_NAMES[range] ?? `a non-public address (${range})`;
}

/** Parses CIDR ranges (`10.1.2.0/24`, `fd00::/8`) that the policy lets through although they are not public. */
export function parseTrustedRanges(ranges: readonly string[]): [ipaddr.IPv4 | ipaddr.IPv6, number][] {
  return ranges.map((range) => {
    if (!ipaddr.isValidCIDR(range)) throw new AppError("bad_request", `not a CIDR range: ${range}`);
    return ipaddr.parseCIDR(range);
  });
}

/**
 * Parses a URL a user asked to fetch and checks what does not depend on where it leads: http or https only (no
 * file:, data: or ftp:) and no user name or password, which would be sent to whatever host the URL names.
 */
export function checkFetchableUrl(input: string | URL): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new AppError("bad_request", "not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AppError("bad_request", `refused: only http and https URLs can be fetched, not ${url.protocol}`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new AppError("bad_request", "refused: URLs with credentials are not fetched");
  }
  if (url.hostname === "") throw new AppError("bad_request", "not a valid URL: it names no host");
  return url;
}

/**
 * The `forbidden` error for an address the policy refuses. For a host name it says what kind of address the name
 * leads to but not which one, so the refusal does not turn into a way to read the server's internal DNS.
 */
export function refusedAddress(host: string, address: string, reason: string): AppError {
  const bareHost = host.replace(/^\[|\]$/g, "");
  const detail =
    bareHost === address ? `refused: ${address} is ${reason}` : `refused: ${bareHost} resolves to ${reason}`;
  return new AppError("forbidden", detail);
}
