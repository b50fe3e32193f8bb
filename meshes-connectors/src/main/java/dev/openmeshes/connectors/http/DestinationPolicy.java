package dev.openmeshes.connectors.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which destinations an outbound client may reach. Vendor base URLs are operator settings and go
 * anywhere ({@link #OPEN}); webhook URLs are chosen by clients and pass the SSRF guard.
 */
public interface DestinationPolicy {

    /** Why a URL may not be requested before any connection is tried, if it may not. */
    Optional<String> urlRefusal(URI url);

    /**
     * The addresses of {@code host} the client may connect to: exactly these are connected to, so DNS
     * rebinding cannot slip a refused address in between check and connect.
     *
     * @throws DestinationRefusedException when none is permitted
     */
    InetAddress[] resolve(String host) throws UnknownHostException;

    DestinationPolicy OPEN = new DestinationPolicy() {
        @Override
        public Optional<String> urlRefusal(URI url) {
            return Optional.empty();
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return InetAddress.getAllByName(host);
        }
    };
}
