#pragma once
/// Tells when the config file may have changed on disk: inotify on the folder that holds it, not on
/// the file, because the file is often replaced rather than written — an editor renames a new copy
/// over it, and a Kubernetes ConfigMap volume swaps its `..data` symlink to a new folder, so the
/// path names another file while no write to the old one ever happens. Any event in the folder
/// counts; whoever reloads compares the text, so a swap file or an unchanged rewrite costs nothing.

#include <string>

namespace lecter {

class ConfigFileWatch {
 public:
  /// Watches the folder of `path`. When inotify cannot be had (no instance left, no folder),
  /// fd() is -1 and problem() says why: SIGHUP still reloads.
  explicit ConfigFileWatch(const std::string& path);
  ~ConfigFileWatch();
  ConfigFileWatch(const ConfigFileWatch&) = delete;
  ConfigFileWatch& operator=(const ConfigFileWatch&) = delete;

  /// Readable while events wait; -1 without a watch.
  [[nodiscard]] int fd() const { return fd_; }
  [[nodiscard]] const std::string& problem() const { return problem_; }
  /// Reads every event waiting; true when there was one.
  bool takeEvents();

 private:
  int fd_ = -1;
  std::string problem_;
};

}  // namespace lecter
