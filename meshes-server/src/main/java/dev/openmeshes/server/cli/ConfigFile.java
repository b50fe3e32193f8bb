package dev.openmeshes.server.cli;

import dev.openmeshes.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;

/**
 * The saved login: {@code $MESHES_CONFIG}, else {@code ${XDG_CONFIG_HOME:-~/.config}/openmeshes/config.json}.
 * It holds a secret, so it is written readable by its owner only, and a copy others could read is
 * refused rather than used.
 */
final class ConfigFile {

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> SHARED = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final Path path;

    private ConfigFile(Path path) {
        this.path = path;
    }

    static ConfigFile of(CliEnvironment environment) {
        String explicit = environment.variable("MESHES_CONFIG");
        if (explicit != null) {
            return new ConfigFile(Path.of(explicit));
        }
        String xdg = environment.variable("XDG_CONFIG_HOME");
        String home = environment.variable("HOME");
        Path base = xdg != null ? Path.of(xdg) : Path.of(home != null ? home : System.getProperty("user.home"), ".config");
        return new ConfigFile(base.resolve("openmeshes").resolve("config.json"));
    }

    Path path() {
        return path;
    }

    Optional<Profile> read() {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.stream().anyMatch(SHARED::contains)) {
                throw CliFailure.notLoggedIn(path + " holds a secret but other users can read or change it (mode "
                        + PosixFilePermissions.toString(permissions) + "); fix it with: chmod 600 " + path);
            }
            return Optional.of(Json.MAPPER.readValue(Files.readAllBytes(path), Profile.class));
        } catch (JacksonException unreadable) {
            throw CliFailure.notLoggedIn(path + " is not a saved login (" + unreadable.getOriginalMessage()
                    + "): run `meshes login` again");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the file in one rename, so a reader never sees half of it; the directory is created owner-only. */
    void write(Profile profile) {
        Path directory = path.toAbsolutePath().getParent();
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
                Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY); // whatever the umask let through
            }
            Path draft = Files.createTempFile(directory, ".config", ".json", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
            try {
                Files.write(draft, Json.MAPPER.writeValueAsBytes(profile));
                Files.move(draft, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(draft);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    boolean delete() {
        try {
            return Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + path, e);
        }
    }
}
