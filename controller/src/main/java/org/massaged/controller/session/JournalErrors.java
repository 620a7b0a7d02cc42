package org.massaged.controller.session;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/** What an I/O error on the journal means for a person: the file, what went wrong, and how to put it right. */
public final class JournalErrors {

    private JournalErrors() {}

    /** {@code "<file>: <error>. <what to do>"}, one or two sentences, no stack trace. */
    public static String explain(Path journal, IOException failure) {
        String error = error(failure);
        return journal + ": " + error + ". " + remedy(journal, failure, error.toLowerCase(Locale.ROOT));
    }

    private static String error(IOException failure) {
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (failure instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    private static String remedy(Path journal, IOException failure, String error) {
        Path directory = journal.toAbsolutePath().getParent();
        if (error.contains("no space left") || error.contains("quota")) {
            return "The disk is full: free space on it (df -h " + directory + ").";
        }
        if (error.contains("read-only file system")) {
            return "Its file system is read-only (a failing SD card is often remounted read-only): check dmesg, repair"
                    + " the file system and reboot.";
        }
        if (failure instanceof AccessDeniedException || error.contains("permission denied")) {
            return "The daemon's user (" + System.getProperty("user.name") + ") must be able to write the file and its"
                    + " directory; the package's service runs as massaged (sudo chown massaged:massaged " + directory
                    + " " + journal + "), or set journal: in the configuration to a file this user may write.";
        }
        if (error.contains("is a directory")) {
            return "Set journal: in the configuration to a file, such as /var/lib/massaged/journal.jsonl.";
        }
        if (failure instanceof NotDirectoryException || failure instanceof FileAlreadyExistsException
                || error.contains("not a directory")) {
            return "A part of that path is a file, not a directory: set journal: in the configuration to a file in a"
                    + " directory.";
        }
        return "Check the disk (dmesg) and the path set as journal: in the configuration.";
    }
}
