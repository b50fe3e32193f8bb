package dev.openmeshes.server.mcp;

import io.modelcontextprotocol.spec.McpSchema.ToolAnnotations;

/** What a tool does to the organization's data, told to clients as the hosted server's annotations. */
enum Effect {
    READ(true, false, true),
    WRITE(false, false, false),
    IDEMPOTENT_WRITE(false, false, true),
    DESTRUCTIVE(false, true, false);

    private final boolean readOnly;
    private final boolean destructive;
    private final boolean idempotent;

    Effect(boolean readOnly, boolean destructive, boolean idempotent) {
        this.readOnly = readOnly;
        this.destructive = destructive;
        this.idempotent = idempotent;
    }

    ToolAnnotations annotations() {
        return ToolAnnotations.builder().readOnlyHint(readOnly).destructiveHint(destructive)
                .idempotentHint(idempotent).build();
    }
}
