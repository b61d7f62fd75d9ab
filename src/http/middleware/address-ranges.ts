import ipaddr from "ipaddr.js";
import { AppError } from "../../core/errors";

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** A set of CIDR ranges, parsed once, that answers whether an address falls inside one of them. */
export interface AddressRanges {
  includes(address: string | null): boolean;
}

/**
 * Parses a comma-separated CIDR list (`127.0.0.0/8,::1/128,10.1.2.3`; a bare address is a one-address range).
 * Throws `bad_request` naming every entry that is not a range, so a typo in the admin allowlist stops the start
 * instead of silently closing (or opening) the admin API.
 */
export function parseAddressRanges(list: string, setting = "adminAllowlist"): AddressRanges {
  const ranges: Range[] = [];
  const invalid: string[] = [];
  for (const raw of list.split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    try {
      if (entry.includes("/")) {
        ranges.push(ipaddr.parseCIDR(entry));
      } else {
        const address = ipaddr.parse(entry);
        ranges.push([address, address.kind() === "ipv4" ? 32 : 128]);
      }
    } catch {
      invalid.push(entry);
    }
  }
  if (invalid.length > 0) {
    throw new AppError("bad_request", `invalid configuration: ${setting}: not an address range: ${invalid.join(", ")}`);
  }
  return {
    includes(address) {
      const forms = addressForms(address);
      return forms.some((a) => ranges.some((r) => a.kind() === r[0].kind() && a.match(r)));
    },
  };
}

/**
 * The address as parsed and, for an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, what a dual-stack socket reports
 * for an IPv4 client), also as the IPv4 address it maps: a range written either way matches. None for anything
 * that is not an address.
 */
function addressForms(address: string | null): (ipaddr.IPv4 | ipaddr.IPv6)[] {
  const normalized = normalizeAddress(address);
  if (!normalized) return [];
  const parsed = ipaddr.parse(normalized);
  return parsed.kind() === "ipv4" ? [parsed, (parsed as ipaddr.IPv4).toIPv4MappedAddress()] : [parsed];
}

/**
 * A reported address in canonical form (IPv4-mapped IPv6 as plain IPv4, IPv6 compressed), or null when it is not an
 * address: what audit entries and logs record, so one client always looks the same.
 */
export function normalizeAddress(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  if (!trimmed || !ipaddr.isValid(trimmed)) return null;
  // ipaddr accepts shorthand IPv4 forms ("127.1", "0x7f.1"); a proxy or socket never reports those.
  if (!ipaddr.IPv6.isValid(trimmed) && !ipaddr.IPv4.isValidFourPartDecimal(trimmed)) return null;
  return ipaddr.process(trimmed).toString();
}
