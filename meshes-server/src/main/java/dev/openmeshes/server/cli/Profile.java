package dev.openmeshes.server.cli;

import dev.openmeshes.sdk.MachineCredentials;

/** Where the API is and the machine key to call it with, as {@code login} saves it. Never prints the secret. */
record Profile(String url, String organizationId, String accessKey, String secretKey) {

    MachineCredentials credentials() {
        return new MachineCredentials(organizationId, accessKey, secretKey);
    }

    @Override
    public String toString() {
        return "Profile[url=" + url + ", organizationId=" + organizationId + ", accessKey=" + accessKey + ", secretKey=***]";
    }
}
