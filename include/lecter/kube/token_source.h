#pragma once
/// The bearer token. Bound service-account tokens rotate hourly, so the file is re-read every minute
/// and at once after a 401. Implementations are thread-safe: the watch threads share one.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "lecter/base/clock.h"

namespace lecter {

/// The longest token lecter sends. A service-account JWT is about 1 KiB; a file far bigger is the
/// wrong file, and in every request it would make each one fail ("Out of memory" from libcurl).
inline constexpr std::size_t kMaxTokenBytes = 64 * 1024;

/// Why the trimmed `token` cannot go in an Authorization header, or empty when it can: it is over
/// kMaxTokenBytes, or holds a control character (a CR or LF in it would end the header and start
/// one the file's writer chose). The reason never quotes the token.
std::string bearerTokenProblem(const std::string& token);

class TokenSource {
 public:
  virtual ~TokenSource() = default;
  /// The current token (trimmed), or empty when there is none; `error` says why.
  virtual std::string token(std::string* error) = 0;
  /// Forget the cached token: the next token() reads the file again (after a 401).
  virtual void invalidate() = 0;
};

/// Reads the first existing file of `paths`; re-reads after `refresh` has passed. A file that is not
/// a regular file, is over kMaxTokenBytes or holds a token with a bearerTokenProblem() gives no token,
/// and an error naming the file and the reason.
class FileTokenSource final : public TokenSource {
 public:
  FileTokenSource(std::vector<std::string> paths, const Clock& clock,
                  std::chrono::seconds refresh = std::chrono::seconds(60));
  std::string token(std::string* error) override;
  void invalidate() override;

 private:
  std::vector<std::string> paths_;
  const Clock& clock_;
  std::chrono::seconds refresh_;
  std::mutex mutex_;  // guards cached_ and read_at_
  std::string cached_;
  std::optional<SteadyTime> read_at_;
};

/// A token given inline (a kubeconfig's `token`): always the same. Empty when another credential (a
/// client certificate) authenticates, so requests go without an Authorization header.
class StaticTokenSource final : public TokenSource {
 public:
  explicit StaticTokenSource(std::string token);
  std::string token(std::string* error) override;
  void invalidate() override {}

 private:
  std::string token_;
};

}  // namespace lecter
