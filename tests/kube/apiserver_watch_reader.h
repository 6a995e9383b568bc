#pragma once
// A watch client for tests of the ApiServer fixture: reads one watch stream (GET …?watch=1) over HTTPS
// on its own thread and keeps its events, one JSON object per line.

#include <httplib.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/apiserver/apiserver_fixture.h"
#include "support/common/subprocess.h"

namespace lecter::testing {

/// Reads one watch stream on its own thread and keeps its events, as a watch client would.
class WatchReader {
 public:
  WatchReader(const ApiServerFixture& api, const std::string& path) : client_(api.url()) {
    client_.enable_server_certificate_verification(true);
    client_.set_ca_cert_path(api.caFile().c_str());
    client_.set_read_timeout(std::chrono::seconds(60));  // a quiet watch is not a dead one
    thread_ = std::thread([this, path] {
      httplib::Result result = client_.Get(
          path.c_str(), {{"Authorization", "Bearer test-token"}},
          [this](const httplib::Response& response) {
            std::lock_guard lock(mutex_);
            status_ = response.status;
            content_type_ = response.get_header_value("Content-Type");
            chunked_ = response.get_header_value("Transfer-Encoding") == "chunked";
            return true;
          },
          [this](const char* data, std::size_t length) {
            std::lock_guard lock(mutex_);
            buffer_.append(data, length);
            for (std::size_t end; (end = buffer_.find('\n')) != std::string::npos; buffer_.erase(0, end + 1))
              events_.push_back(nlohmann::json::parse(buffer_.substr(0, end)));
            return true;
          });
      std::lock_guard lock(mutex_);
      clean_end_ = result.error() == httplib::Error::Success;
      ended_ = true;
    });
  }
  ~WatchReader() {
    client_.stop();
    thread_.join();
  }
  WatchReader(const WatchReader&) = delete;
  WatchReader& operator=(const WatchReader&) = delete;

  std::vector<nlohmann::json> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  /// Waits until `count` events came (or the stream ended); returns what came.
  std::vector<nlohmann::json> waitForEvents(std::size_t count) const {
    eventually([&] { return events().size() >= count || ended(); }, std::chrono::seconds(10));
    return events();
  }
  bool waitForEnd() const {
    return eventually([&] { return ended(); }, std::chrono::seconds(10));
  }
  bool ended() const {
    std::lock_guard lock(mutex_);
    return ended_;
  }
  bool endedCleanly() const {
    std::lock_guard lock(mutex_);
    return clean_end_;
  }
  int status() const {
    std::lock_guard lock(mutex_);
    return status_;
  }
  std::string contentType() const {
    std::lock_guard lock(mutex_);
    return content_type_;
  }
  bool chunked() const {
    std::lock_guard lock(mutex_);
    return chunked_;
  }

 private:
  httplib::Client client_;
  mutable std::mutex mutex_;
  std::string buffer_;
  std::vector<nlohmann::json> events_;
  int status_ = 0;
  std::string content_type_;
  bool chunked_ = false;
  bool ended_ = false;
  bool clean_end_ = false;
  std::thread thread_;
};

}  // namespace lecter::testing
