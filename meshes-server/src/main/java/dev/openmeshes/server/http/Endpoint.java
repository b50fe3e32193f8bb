package dev.openmeshes.server.http;

/** One API operation: a plain function from a call to a reply; refusals are thrown as Problems. */
@FunctionalInterface
public interface Endpoint {
    Reply handle(Call call);
}
