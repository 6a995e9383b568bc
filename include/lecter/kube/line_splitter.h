#pragma once
/// Cuts a byte stream that arrives in arbitrary pieces into lines: a watch response carries one JSON
/// event per line, and a line may span chunks (or a chunk hold many lines). Not thread-safe.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace lecter {

class LineSplitter {
 public:
  /// A line longer than this is an error: a broken or hostile server must not grow memory without end.
  static constexpr std::size_t kDefaultMaxLine = 64 * 1024 * 1024;

  explicit LineSplitter(std::size_t max_line = kDefaultMaxLine) : max_line_(max_line) {}

  /// Adds `chunk` and hands every line it completes to `on_line`, without its "\n" (or "\r\n"); empty
  /// lines are skipped. Returns false, and keeps nothing, when a line grows past the limit.
  bool feed(std::string_view chunk, const std::function<void(std::string_view line)>& on_line);

  /// Bytes of an unfinished line held back for the next chunk.
  [[nodiscard]] std::size_t pending() const { return partial_.size(); }
  /// Forgets the unfinished line (a new response starts).
  void clear() { partial_.clear(); }

 private:
  std::size_t max_line_;
  std::string partial_;
};

}  // namespace lecter
