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
 * The embedded store's directory, private to the server's user: created 0700, and its files 0600
 * (the database before SQLite opens it, since SQLite gives its {@code -wal} and {@code -shm} files
 * the database's mode). A directory or file an older build, or a restore, left readable by others
 * is tightened at start, with a notice. Where the file system has no POSIX modes, nothing is changed.
 */
public final class DataDirectory {

    private static final String DATABASE = "meshes.db";
    private static final List<String> SQLITE_SIDE_FILES = List.of(DATABASE + "-wal", DATABASE + "-shm");
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
            } else {
                makePrivate(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
    }

    /** The database file, created private if absent, with any files SQLite keeps beside it made private. */
    static Path database(Path dir) {
        Path database = prepare(dir).resolve(DATABASE);
        createPrivateFile(database);
        for (String name : SQLITE_SIDE_FILES) {
            Path file = dir.resolve(name);
            if (Files.exists(file)) {
                makePrivate(file);
            }
        }
        return database;
    }

    /**
     * Copies the embedded store of {@code dir}, consistent as of one moment, into {@code target}
     * (which must not hold a database yet), private to its owner. Safe while a server runs on it:
     * {@code VACUUM INTO} reads one snapshot, as any reader does in WAL mode, and writers go on.
     *
     * @return the copy's database file
     */
    public static Path backUp(Path dir, Path target) {
        Path source = dir.resolve(DATABASE);
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("no embedded store at " + source);
        }
        Path copy = prepare(target).resolve(DATABASE);
        if (Files.exists(copy)) {
            throw new IllegalArgumentException(copy + " exists already: back up into an empty directory");
        }
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + source);
             var vacuum = connection.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, copy.toString());
            vacuum.execute();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("backing up " + source + " failed: " + e.getMessage(), e);
        }
        makePrivate(copy);
        return copy;
    }

    /**
     * Creates an empty file readable by its owner only, or makes an existing one private.
     *
     * @return whether the file was created (false: it existed, perhaps made by another process)
     */
    public static boolean createPrivateFile(Path file) {
        try {
            if (posix(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            return true;
        } catch (FileAlreadyExistsException existing) {
            makePrivate(file);
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
    }

    /** Takes away every group and other permission; a path we may not change is reported, not fatal. */
    private static void makePrivate(Path path) {
        if (!posix(path)) {
            return;
        }
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

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
