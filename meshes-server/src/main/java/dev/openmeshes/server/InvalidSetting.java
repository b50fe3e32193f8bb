package dev.openmeshes.server;

/** A setting with a value the server cannot run with; its message is the whole explanation. */
public final class InvalidSetting extends IllegalArgumentException {

    InvalidSetting(String name, String value, String accepted) {
        super(name + " must be " + accepted + ", not '" + value + "'");
    }
}
