#pragma once
/// A real redis-server for tests, on a free loopback port, without persistence, in its own
/// temporary directory. It can be stopped and started again on the same port to play an outage.

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>

#include "support/common/subprocess.h"
#include "support/common/temp_dir.h"

namespace lecter::testing {

class RedisServer {
 public:
  /// Starts the server; with a non-empty `password` it requires AUTH. Throws std::runtime_error when
  /// it does not answer PING within a few seconds (the message holds its output).
  explicit RedisServer(std::string password = "");
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  [[nodiscard]] std::string host() const { return "127.0.0.1"; }
  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] const std::string& password() const { return password_; }
  /// The server's process id, -1 while stopped.
  [[nodiscard]] pid_t pid() const;

  /// Stops the server and waits for it to exit. Its data is gone: nothing is persisted.
  void stop();
  /// Starts it again on the same port (no-op while running) and waits until it answers PING.
  void start();

 private:
  TempDir dir_;
  std::string password_;
  std::uint16_t port_ = 0;
  std::unique_ptr<Subprocess> process_;
};

}  // namespace lecter::testing
