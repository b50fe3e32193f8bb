package dev.openmeshes.connectors.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/** Resolves hosts for the HTTP client through a {@link DestinationPolicy}, which vets every address. */
final class GuardedDnsResolver implements DnsResolver {

    private final DestinationPolicy policy;

    GuardedDnsResolver(DestinationPolicy policy) {
        this.policy = policy;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return policy.resolve(host);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }
}
