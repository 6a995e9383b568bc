#pragma once
/// TCP listeners that live inside a network namespace. One helper thread joins the namespace
/// (setns(CLONE_NEWNET) affects only the calling thread), creates the listening sockets there, and runs
/// an epoll loop that accepts every connection and closes it at once: enough for a TCP probe to see
/// the target as "up".
///
/// Thread-safety: all public methods may be called from any thread; the sockets are touched only by
/// the helper thread.

#include <cstdint>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lecter::testing {

class NamespaceListeners {
 public:
  /// Starts the helper thread inside the namespace at `netns_path` (e.g. /run/netns/NAME).
  /// Throws std::runtime_error when the namespace cannot be joined.
  explicit NamespaceListeners(const std::string& netns_path);
  ~NamespaceListeners();  // closes every listener and joins the thread
  NamespaceListeners(const NamespaceListeners&) = delete;
  NamespaceListeners& operator=(const NamespaceListeners&) = delete;

  /// Listens on ip:port (IPv4 or IPv6; "::" listens on every IPv6 address, IPv6 only) inside the namespace.
  /// Throws std::runtime_error (with errno text) when bind/listen fails.
  void open(const std::string& ip, std::uint16_t port);
  /// Closes the listener on ip:port, so connects there are refused. Throws when none is open.
  void close(const std::string& ip, std::uint16_t port);

 private:
  enum class Action { Open, Close, Stop };
  struct Command {
    Action action;
    std::string ip;
    std::uint16_t port;
    std::promise<std::string> done;  // empty string: success, else the error
  };
  struct Listener {
    std::string ip;
    std::uint16_t port;
    int fd;
  };

  void submit(Action action, const std::string& ip, std::uint16_t port);
  void run(int netns_fd, std::promise<std::string> started);
  void drainCommands(bool& stop);
  std::string openInThread(const std::string& ip, std::uint16_t port);
  std::string closeInThread(const std::string& ip, std::uint16_t port);
  void acceptAll(int listen_fd);

  int wake_fd_ = -1;   // eventfd: commands are waiting
  int epoll_fd_ = -1;  // owned by the helper thread once started
  std::mutex mutex_;
  std::vector<Command> commands_;    // guarded by mutex_
  bool thread_done_ = false;         // guarded by mutex_
  std::vector<Listener> listeners_;  // helper thread only
  std::thread thread_;
};

}  // namespace lecter::testing
