package dev.openmeshes.connectors.webhook;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Destinations the operator trusts although the SSRF guard would refuse them (internal services,
 * local test receivers), from {@code MESHES_WEBHOOK_ALLOW_HOSTS}: host names, and IP addresses or
 * CIDR blocks (IPv4 and IPv6). Allow-listed destinations may also use plain {@code http}.
 */
public record AllowList(Set<String> hosts, List<Cidr> blocks) {

    public static final AllowList NONE = new AllowList(Set.of(), List.of());

    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*");

    public AllowList {
        Set<String> normalized = new LinkedHashSet<>();
        hosts.forEach(h -> normalized.add(Hosts.normalize(h)));
        hosts = Set.copyOf(normalized);
        blocks = List.copyOf(blocks);
    }

    /**
     * Parses a comma-separated list such as {@code hooks.internal, 10.1.0.0/16, 127.0.0.1, fd12::/16}.
     * Blank means nothing is allow-listed.
     *
     * @throws IllegalArgumentException naming the first entry that is neither a host name nor an address block
     */
    public static AllowList parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        Set<String> hosts = new LinkedHashSet<>();
        List<Cidr> blocks = new ArrayList<>();
        for (String raw : spec.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.contains("/") || Hosts.literal(entry).isPresent()) {
                blocks.add(Cidr.parse(entry));
            } else if (HOST_NAME.matcher(Hosts.normalize(entry)).matches()) {
                hosts.add(entry);
            } else {
                throw new IllegalArgumentException("'" + entry + "' is neither a host name nor an IP address or CIDR block");
            }
        }
        return new AllowList(hosts, blocks);
    }

    public static AllowList of(String... entries) {
        return parse(String.join(",", entries));
    }

    /** Whether the list names this host itself (by name, or as an address inside an allowed block). */
    public boolean allowsHost(String host) {
        String normalized = Hosts.normalize(host);
        return hosts.contains(normalized) || Hosts.literal(normalized).map(this::allowsAddress).orElse(false);
    }

    public boolean allowsAddress(InetAddress address) {
        return blocks.stream().anyMatch(block -> block.contains(address));
    }
}
