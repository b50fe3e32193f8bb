package dev.openmeshes.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The embedded store's directory, private to the server's user: created 0700, and the database
 * created 0600 before SQLite opens it (SQLite gives its {@code -wal} and {@code -shm} files the
 * database's mode). A directory or database an older build left readable by others is tightened
 * at start, with a notice. Where the file system has no POSIX modes, nothing is changed.
 */
public final class DataDirectory {

    private static final String DATABASE = "meshes.db";
    private static final List<String> DATABASE_FILES = List.of(DATABASE, DATABASE + "-wal", DATABASE + "-shm");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final System.Logger LOG = System.getLogger(DataDirectory.class.getName());

    private DataDirectory() {}

    /** Creates the directory, or makes an existing one private; returns it. */
    public static Path prepare(Path dir) {
        try {
            if (!posix(dir)) {
                return Files.createDirectories(dir);
            }
            if (Files.notExists(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            makePrivate(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
    }

    /** The database file, created private if absent, with any files SQLite keeps beside it made private. */
    static Path database(Path dir) {
        Path database = prepare(dir).resolve(DATABASE);
        if (!posix(dir)) {
            return database;
        }
        try {
            Files.createFile(database, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException existing) {
            // an existing store: made private below
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database " + database, e);
        }
        for (String name : DATABASE_FILES) {
            Path file = dir.resolve(name);
            if (Files.exists(file)) {
                makePrivate(file);
            }
        }
        return database;
    }

    /** Takes away every group and other permission; a path we may not change is reported, not fatal. */
    private static void makePrivate(Path path) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.removeAll(OTHERS)) {
                Files.setPosixFilePermissions(path, permissions);
                LOG.log(System.Logger.Level.INFO, "made " + path + " private to its owner (mode "
                        + PosixFilePermissions.toString(permissions) + "): it holds the store's data");
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, path + " is readable by other users and could not be made private: "
                    + e.getMessage());
        }
    }

    private static boolean posix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
