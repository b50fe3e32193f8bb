package dev.openmeshes.connectors.webhook;

import java.net.Inet6Address;
import java.net.URI;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import dev.openmeshes.connectors.http.DestinationPolicy;
import dev.openmeshes.connectors.http.DestinationRefusedException;

/**
 * The SSRF guard: webhook URLs come from API clients, so without it any tenant could make the
 * server call its own loopback services, the private network or a cloud metadata endpoint. Every
 * address is vetted where the connection is opened (in {@link GuardedDnsResolver}), so a host name
 * that resolves differently later (DNS rebinding) cannot slip past a check made earlier.
 */
public final class DestinationGuard implements DestinationPolicy {

    private record BlockedRange(Cidr block, String kind) {
        BlockedRange(String cidr, String kind) {
            this(Cidr.parse(cidr), kind);
        }
    }

    // Most specific first: the first match names the refusal.
    private static final List<BlockedRange> BLOCKED = List.of(
            new BlockedRange("169.254.169.254/32", "a cloud metadata address"),
            new BlockedRange("fd00:ec2::254/128", "a cloud metadata address"),
            new BlockedRange("0.0.0.0/8", "an unspecified (this-network) address"),
            new BlockedRange("127.0.0.0/8", "a loopback address"),
            new BlockedRange("10.0.0.0/8", "a private address"),
            new BlockedRange("172.16.0.0/12", "a private address"),
            new BlockedRange("192.168.0.0/16", "a private address"),
            new BlockedRange("100.64.0.0/10", "a carrier-grade NAT address"),
            new BlockedRange("169.254.0.0/16", "a link-local address"),
            new BlockedRange("192.0.0.0/24", "an IETF protocol assignment address"),
            new BlockedRange("198.18.0.0/15", "a benchmarking network address"),
            new BlockedRange("224.0.0.0/4", "a multicast address"),
            new BlockedRange("240.0.0.0/4", "a reserved or broadcast address"),
            new BlockedRange("::/128", "an unspecified address"),
            new BlockedRange("::1/128", "a loopback address"),
            new BlockedRange("fc00::/7", "a private (unique local) address"),
            new BlockedRange("fe80::/10", "a link-local address"),
            new BlockedRange("fec0::/10", "a site-local address"),
            new BlockedRange("ff00::/8", "a multicast address"));

    // IPv6 forms that carry an IPv4 address, which is what they reach: judged by that address.
    // (IPv4-mapped ::ffff:a.b.c.d needs no entry: Java turns it into an Inet4Address everywhere.)
    private static final Cidr IPV4_COMPATIBLE = Cidr.parse("::/96");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

    static final String PLAIN_HTTP_RULE = "plain http is allowed only for hosts listed in "
            + WebhookOptions.ALLOW_HOSTS_ENV;

    private final AllowList allowList;

    public DestinationGuard(AllowList allowList) {
        this.allowList = allowList;
    }

    public AllowList allowList() {
        return allowList;
    }

    /** Why the server must not connect to this address, or empty when it may. */
    public Optional<String> refusal(InetAddress address) {
        if (allowList.allowsAddress(address)) {
            return Optional.empty();
        }
        Optional<InetAddress> embedded = embeddedIpv4(address);
        if (embedded.isPresent()) {
            return refusal(embedded.get());
        }
        return BLOCKED.stream().filter(range -> range.block().contains(address)).findFirst().map(BlockedRange::kind);
    }

    /** The refusal of a URL host written as an IP literal, or empty (also for host names, vetted at connect time). */
    public Optional<String> literalRefusal(String host) {
        return Hosts.literal(host).flatMap(address -> refusal(address)
                .map(kind -> refusalMessage(address.getHostAddress() + " is " + kind)));
    }

    /**
     * Why a URL may not be requested before any connection is tried: plain http to a destination
     * that is not allow-listed, or a refused IP literal (which needs no DNS, so the resolver may never see it).
     */
    @Override
    public Optional<String> urlRefusal(URI url) {
        String host = url.getHost();
        if ("http".equalsIgnoreCase(url.getScheme()) && !allowsPlainHttp(host)) {
            return Optional.of("destination refused: " + PLAIN_HTTP_RULE + ", and " + Hosts.normalize(host)
                    + " is not; use https");
        }
        return literalRefusal(host);
    }

    /**
     * The addresses of {@code host} the server may connect to: all of them when the allow-list names
     * the host, else those outside the refused ranges.
     *
     * @throws DestinationRefusedException when none is left
     */
    /** Resolves a host and keeps only the addresses {@link #vet} permits. */
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String name = Hosts.normalize(host);
        return vet(name, InetAddress.getAllByName(name));
    }

    public InetAddress[] vet(String host, InetAddress[] resolved) throws DestinationRefusedException {
        if (allowList.allowsHost(host)) {
            return resolved;
        }
        List<InetAddress> permitted = new ArrayList<>();
        String firstRefusal = null;
        for (InetAddress address : resolved) {
            Optional<String> refusal = refusal(address);
            if (refusal.isEmpty()) {
                permitted.add(address);
            } else if (firstRefusal == null) {
                boolean literal = Hosts.literal(host).isPresent();
                firstRefusal = (literal ? address.getHostAddress() + " is " : Hosts.normalize(host) + " resolves to "
                        + address.getHostAddress() + ", ") + refusal.get();
            }
        }
        if (permitted.isEmpty()) {
            throw new DestinationRefusedException(firstRefusal == null
                    ? refusalMessage(Hosts.normalize(host) + " has no address") : refusalMessage(firstRefusal));
        }
        return permitted.toArray(InetAddress[]::new);
    }

    /**
     * Whether a URL may use plain {@code http}: only towards allow-listed destinations, i.e. a host
     * the list names, or one whose every address lies in an allowed block (one DNS lookup).
     */
    public boolean allowsPlainHttp(String host) {
        if (allowList.allowsHost(host)) {
            return true;
        }
        if (allowList.blocks().isEmpty() || Hosts.literal(host).isPresent()) {
            return false;
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(Hosts.normalize(host));
            return Arrays.stream(addresses).allMatch(allowList::allowsAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String refusalMessage(String reason) {
        return "destination refused: " + reason + " (the SSRF guard allows only public addresses unless "
                + WebhookOptions.ALLOW_HOSTS_ENV + " lists the host or its network)";
    }

    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address) || address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        int offset;
        if (IPV4_COMPATIBLE.contains(address) || NAT64.contains(address)) {
            offset = 12;
        } else if (SIX_TO_FOUR.contains(address)) {
            offset = 2;
        } else {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(bytes, offset, offset + 4)));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
