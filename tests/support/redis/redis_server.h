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

  /// How a running server can refuse writes while it still takes connections, AUTH, PING and reads.
  enum class WriteRefusal {
    OutOfMemory,      // full under maxmemory with noeviction: "OOM command not allowed …"
    ReadOnlyReplica,  // a replica whose primary is gone: "READONLY You can't write …"
  };
  /// Makes the server refuse every write as `refusal` says; its data stays.
  void refuseWrites(WriteRefusal refusal);
  /// Undoes refuseWrites(): writes are taken again, and the data from before is still there.
  void acceptWrites();
  /// How many calls of `command` (lower case, e.g. "sadd") the server refused since it started, as
  /// INFO commandstats counts them: each write attempt it saw while refusing writes.
  long long rejectedCalls(const std::string& command);

 private:
  TempDir dir_;
  std::string password_;
  std::uint16_t port_ = 0;
  std::unique_ptr<Subprocess> process_;
};

}  // namespace lecter::testing
