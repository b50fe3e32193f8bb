package dev.openmeshes.server.mcp;

import tools.jackson.databind.JsonNode;

/** The API's answer to a tool's request: its status and JSON body (null when it had none). */
public record ApiAnswer(int status, JsonNode body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
