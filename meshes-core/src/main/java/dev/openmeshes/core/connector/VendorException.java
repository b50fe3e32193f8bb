package dev.openmeshes.core.connector;

/**
 * A vendor call made for an API request (action data, fields, a credential check) failed; the edge
 * answers 502 with the vendor's reason, or 424-style when credentials were refused. Carries the
 * failed call's result.
 */
public final class VendorException extends RuntimeException {

    private final DeliveryResult result;

    public VendorException(DeliveryResult result) {
        super(result.message(), null, false, false);
        this.result = result;
    }

    public DeliveryResult result() {
        return result;
    }
}
