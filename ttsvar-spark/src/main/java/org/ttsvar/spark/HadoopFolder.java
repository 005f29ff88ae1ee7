package org.ttsvar.spark;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A folder on any file system Hadoop reaches ({@code file:}, {@code hdfs://}, {@code s3a://}, … as the
 * cluster's Hadoop configuration allows), with the few operations the jobs need: whole local folders go
 * up and come down, nothing is edited in place. No checksum side files ({@code .crc}) are written.
 */
final class HadoopFolder {
  private final FileSystem fs;
  private final Path root;

  private HadoopFolder(FileSystem fs, Path root) {
    this.fs = fs;
    this.root = root;
  }

  static HadoopFolder open(String uri, Configuration conf) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = path.getFileSystem(conf);
    fs.setWriteChecksum(false);
    fs.setVerifyChecksum(false);
    return new HadoopFolder(fs, fs.makeQualified(path));
  }

  HadoopFolder resolve(String relative) {
    return new HadoopFolder(fs, new Path(root, relative));
  }

  String uri() {
    return root.toString();
  }

  boolean exists(String relative) throws IOException {
    return fs.exists(new Path(root, relative));
  }

  /** Whether the folder is missing or holds nothing. */
  boolean isEmpty() throws IOException {
    return !fs.exists(root) || fs.listStatus(root).length == 0;
  }

  /** The names of the entries of {@code relative} (a missing folder has none), sorted. */
  List<String> list(String relative) throws IOException {
    Path dir = new Path(root, relative);
    if (!fs.exists(dir)) {
      return List.of();
    }
    return Arrays.stream(fs.listStatus(dir)).map(FileStatus::getPath).map(Path::getName).sorted().toList();
  }

  /** Copies the local file or folder {@code local} to {@code relative}, which must not exist yet. */
  void upload(java.nio.file.Path local, String relative) throws IOException {
    fs.copyFromLocalFile(false, false, new Path(local.toUri()), new Path(root, relative));
  }

  /** Copies {@code relative} to the local path {@code local}, which must not exist yet. */
  void download(String relative, java.nio.file.Path local) throws IOException {
    fs.copyToLocalFile(false, new Path(root, relative), new Path(local.toUri()), true);
  }

  void delete(String relative) throws IOException {
    fs.delete(new Path(root, relative), true);
  }

  /** Creates the empty file {@code relative} (a marker), replacing one that is there. */
  void touch(String relative) throws IOException {
    fs.create(new Path(root, relative), true).close();
  }

  /** The cluster's Hadoop configuration as bytes, for the tasks (a Configuration is not serialisable). */
  static byte[] toBytes(Configuration conf) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      conf.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Configuration fromBytes(byte[] bytes) {
    Configuration conf = new Configuration(false);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      conf.readFields(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return conf;
  }
}
