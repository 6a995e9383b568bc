#pragma once
/// One blocking connection to Redis, the only door to hiredis. Commands go out as argv vectors
/// (binary-safe, nothing is ever formatted into a command string) and come back as plain values.
/// Not thread-safe: one thread owns a connection.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lecter::store {

/// A reply as Redis sent it.
struct RedisReply {
  enum class Type { String, Status, Integer, Nil, Array, Error };
  Type type = Type::Nil;
  std::string text;  // String, Status and Error
  long long integer = 0;
  std::vector<RedisReply> elements;  // Array
};

/// The name of a reply type, for error messages.
const char* toString(RedisReply::Type type);

using RedisCommand = std::vector<std::string>;

/// What a pipeline got back: one reply per command until the connection failed, if it did.
struct PipelineResult {
  std::vector<RedisReply> replies;
  std::string error;  // empty when every reply arrived; otherwise why the connection is unusable
  [[nodiscard]] bool ok() const { return error.empty(); }
};

class RedisConnection {
 public:
  /// Connects to host:port; `timeout` bounds the connect and every later read or write.
  /// Returns nullptr and sets `error` when it cannot.
  static std::unique_ptr<RedisConnection> open(const std::string& host, std::uint16_t port,
                                               std::chrono::milliseconds timeout, std::string& error);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  /// Sends every command at once, then reads the replies in order (one round trip, not one per
  /// command). Error replies are replies; only a broken connection sets `error`, after which this
  /// connection must be dropped.
  PipelineResult pipeline(const std::vector<RedisCommand>& commands);
  /// The one call safe from another thread (while this connection lives): shuts the socket down, so
  /// that a pipeline() blocked on it fails at once instead of waiting out its timeout.
  void interrupt();

 private:
  struct Context;
  explicit RedisConnection(std::unique_ptr<Context> context);
  std::unique_ptr<Context> context_;
};

}  // namespace lecter::store
