package dev.openmeshes.connectors.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Resolves a host for the HTTP client and hands it only addresses the {@link DestinationGuard}
 * permits: the addresses vetted are exactly the ones connected to, so DNS rebinding cannot turn an
 * accepted name into a private address between check and connect.
 */
final class GuardedDnsResolver implements DnsResolver {

    private final DestinationGuard guard;

    GuardedDnsResolver(DestinationGuard guard) {
        this.guard = guard;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String name = Hosts.normalize(host);
        return guard.vet(name, InetAddress.getAllByName(name));
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
    }
}
