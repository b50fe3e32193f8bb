package dev.openmeshes.sdk;

import java.util.List;

/** An event of a bulk request the server refused (the others were committed), by its index in the request. */
public record BulkRejection(int index, String message, String error, List<FieldError> details) {}
