package dev.hush;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the jar. Compiled for Java 8 so that {@code java -jar hush.jar} on an old
 * default java does not die with a class-version error: it re-executes itself on a JDK 21+
 * found in JAVA_HOME or the usual install folders, or says in one line what to install.
 */
public final class Launcher {
  private static final int MIN_MAJOR = 21;

  private Launcher() {}

  public static void main(String[] args) throws Exception {
    if (currentMajor() >= MIN_MAJOR) {
      try {
        Class.forName("dev.hush.cli.Main").getMethod("main", String[].class).invoke(null, (Object) args);
      } catch (InvocationTargetException e) {
        // Report what Hush threw, not the reflection wrapper around it.
        Throwable cause = e.getCause();
        if (cause instanceof Error) {
          throw (Error) cause;
        }
        throw cause instanceof Exception ? (Exception) cause : e;
      }
      return;
    }
    String javaBin = findJava();
    if (javaBin == null) {
      System.err.println("Hush needs Java " + MIN_MAJOR + " or newer (this is Java " + currentMajor()
          + "). Install a JDK 21+ (e.g. openjdk-21-jdk or Temurin 25) and set JAVA_HOME.");
      System.exit(1);
    }
    String jar = new File(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    List<String> command = new ArrayList<String>();
    command.add(javaBin);
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-jar");
    command.add(jar);
    command.addAll(Arrays.asList(args));
    Process child = new ProcessBuilder(command).inheritIO().start();
    System.exit(child.waitFor());
  }

  private static int currentMajor() {
    String spec = System.getProperty("java.specification.version");
    return Integer.parseInt(spec.startsWith("1.") ? spec.substring(2) : spec);
  }

  private static String findJava() {
    List<File> candidates = new ArrayList<File>();
    String javaHome = System.getenv("JAVA_HOME");
    if (javaHome != null) {
      candidates.add(new File(javaHome));
    }
    for (String root : new String[] {"/usr/lib/jvm", "/opt/java", "/usr/local/lib/jvm",
        System.getProperty("user.home") + "/.sdkman/candidates/java"}) {
      File[] children = new File(root).listFiles();
      if (children != null) {
        Arrays.sort(children);
        candidates.addAll(Arrays.asList(children));
      }
    }
    for (File home : candidates) {
      File bin = new File(home, "bin/java");
      if (bin.canExecute() && releaseMajor(home) >= MIN_MAJOR) {
        return bin.getPath();
      }
    }
    return null;
  }

  /** Reads JAVA_VERSION from the JDK's {@code release} file. */
  private static int releaseMajor(File home) {
    File release = new File(home, "release");
    if (!release.isFile()) {
      return -1;
    }
    try {
      for (String line : Files.readAllLines(release.toPath())) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          if (v.startsWith("1.")) {
            v = v.substring(2);
          }
          int end = 0;
          while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
          }
          return end == 0 ? -1 : Integer.parseInt(v.substring(0, end));
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }
}
