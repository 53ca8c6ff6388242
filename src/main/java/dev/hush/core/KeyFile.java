package dev.hush.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret key in a file of its own, for when HUSH_SECRET_KEY is not set: base64 of 32 bytes on
 * one line, readable by its owner only (0600). Without it the stored credentials cannot be read,
 * so it is backed up with the data folder.
 */
public final class KeyFile {
  public static final String NAME = "secret.key";
  private static final Logger LOG = LoggerFactory.getLogger(KeyFile.class);
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private KeyFile() {}

  /**
   * The box of the key in {@code file}, made there first if there is none. The new key is written
   * to a private temporary file and then linked into place, which fails when the file exists: two
   * processes starting at once both end up with whichever key was published first.
   */
  public static SecretBox readOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      return read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the key file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void create(Path file) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    boolean posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attributes = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
    Path temp = Files.createTempFile(folder, ".secret-", ".tmp", attributes);
    try {
      Files.writeString(temp, SecretBox.newKey() + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
      try {
        Files.createLink(file, temp);
      } catch (FileAlreadyExistsException another) {
        return;
      } catch (UnsupportedOperationException | FileSystemException noLinks) {
        try {
          Files.move(temp, file);
        } catch (FileAlreadyExistsException another) {
          return;
        }
      }
      LOG.warn("Made a new secret key in {}: stored credentials are encrypted with it. Back it up; without it they cannot be read.", file);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static SecretBox read(Path file) throws IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(perms)) {
        LOG.warn("The key file {} can be read by others ({}); chmod 600 it", file, PosixFilePermissions.toString(perms));
      }
    }
    try {
      return SecretBox.fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the key file " + file + " is not usable: " + e.getMessage(), e);
    }
  }
}
