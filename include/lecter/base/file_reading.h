#pragma once
/// Reading a small file that someone else controls (the config, a kubeconfig, a token) without
/// letting it stall or swamp lecter: only a regular file is read, it is opened without blocking (a
/// FIFO with no writer would otherwise hold the thread until one comes), and its size is capped.
/// Safe to call from any thread.

#include <cstddef>
#include <optional>
#include <string>

namespace lecter {

/// What readRegularFile() found.
struct FileRead {
  enum class Status {
    Okay,      // `content` holds the whole file
    NotFound,  // no such file (or a folder on the way is missing)
    Refused,   // there, but not a regular file, too big, or unreadable
  };
  Status status = Status::Okay;
  std::string content;
  /// Why there is no content, without the path, for the caller to prefix with it: "is a FIFO, not a
  /// regular file", "is 17825792 bytes, more than 16 MiB", "cannot open: Permission denied".
  std::string error;

  [[nodiscard]] bool ok() const { return status == Status::Okay; }
};

/// The whole of `path` when it is a regular file of at most `max_bytes` (symlinks followed).
FileRead readRegularFile(const std::string& path, std::size_t max_bytes);

/// Why `path` is no file to hand to a library that opens it itself (libcurl's CA and client
/// certificate files), where a FIFO would stall a request: "does not exist" or "is a FIFO, not a
/// regular file"; nullopt for a regular file (symlinks followed). Never opens it.
std::optional<std::string> regularFileProblem(const std::string& path);

}  // namespace lecter
