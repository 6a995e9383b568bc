#pragma once
/// A chat robot (or an Alertmanager webhook) on loopback, for the tests of alerts: it records every
/// request lecter sends and answers as the test says — a robot's JSON, an error, or nothing at all
/// (it hangs until told to answer or until it is destroyed).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace lecter::testing {

struct RobotRequest {
  std::string method;
  std::string path;                           // without the query
  std::string target;                         // path and query as sent (percent-encoded)
  std::map<std::string, std::string> params;  // the query, decoded
  std::string content_type;
  std::string body;
};

class RobotServer {
 public:
  RobotServer();
  ~RobotServer();
  RobotServer(const RobotServer&) = delete;
  RobotServer& operator=(const RobotServer&) = delete;

  /// http://127.0.0.1:PORT followed by `path_and_query`.
  [[nodiscard]] std::string url(const std::string& path_and_query) const;
  /// What every later request gets (the default: 200 with {"errcode":0,"errmsg":"ok"}).
  void answer(int status, std::string body);
  /// Holds every later request without an answer (true), or answers them again (false).
  void hang(bool hang);

  [[nodiscard]] std::vector<RobotRequest> requests() const;
  /// Waits up to `timeout` until `count` requests came; true when they did.
  bool waitForRequests(std::size_t count, std::chrono::milliseconds timeout) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lecter::testing
