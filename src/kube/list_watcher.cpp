#include "lecter/kube/list_watcher.h"

#include "http_status.h"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <utility>

#include "kube_response.h"
#include "lecter/base/json_fields.h"
#include "lecter/base/query_escape.h"
#include "lecter/kube/answer_decoding.h"
#include "lecter/kube/line_splitter.h"
#include "lecter/kube/retry_after.h"
#include "lecter/kube/unreadable_answers.h"
#include "lecter/obs/log.h"
#include "lecter/obs/secrets.h"

namespace lecter {

using http_status::kGone;
using http_status::kUnauthorized;
namespace {

using nlohmann::json;

/// How long past its timeoutSeconds a watch may last before the client gives up on it: the server
/// ends it at timeoutSeconds, so this is only reached when the connection hangs.
constexpr std::chrono::seconds kWatchGrace{30};

/// Feeds a watch response into the cache, line by line, event by event.
class WatchStreamHandler final : public StreamHandler {
 public:
  WatchStreamHandler(ObjectCache& cache, std::optional<ObjectKind> kind, std::string& resource_version,
                     std::stop_token stop, std::function<void()> on_connected)
      : cache_(cache),
        kind_(kind),
        resource_version_(resource_version),
        stop_(std::move(stop)),
        on_connected_(std::move(on_connected)) {}

  bool onStart(long status) override {
    if (status >= 200 && status < 300) on_connected_();
    return true;
  }

  bool onChunk(std::string_view chunk) override {
    bool go_on = true;
    const bool fits = splitter_.feed(chunk, [&](std::string_view line) {
      if (go_on) go_on = handle(line);
    });
    if (!fits) {
      error_ = "a watch event longer than " + std::to_string(LineSplitter::kDefaultMaxLine) + " bytes";
      return false;
    }
    return go_on;
  }

  [[nodiscard]] bool stopRequested() const override { return stop_.stop_requested(); }

  [[nodiscard]] bool delivered() const { return delivered_; }
  [[nodiscard]] bool expired() const { return expired_; }
  [[nodiscard]] const std::string& error() const { return error_; }

 private:
  bool handle(std::string_view line) {
    std::string why;
    const auto event = decodeWatchEvent(line, &why);
    if (!event) {
      countUnreadableAnswer();
      error_ = why;
      return false;
    }
    if (event->type == WatchEvent::Type::Error) {
      if (event->expired()) {
        expired_ = true;
      } else {
        const StatusFields status = statusFieldsOf(event->object);
        error_ = "ERROR event " + std::to_string(status.code) + " " + status.reason + ": " + status.message;
      }
      return false;  // the server ends the stream after an ERROR event
    }
    if (auto problem = eventProblem(*event)) {
      // Nothing is applied from an object that cannot be read; the watch resumes from the last good
      // event, and readers go to the ApiServer meanwhile.
      countUnreadableAnswer();
      error_ = "unreadable " + std::string(toString(event->type)) + " event: " + *problem;
      return false;
    }
    cache_.apply(*event);
    // Every event and bookmark moves the point a new watch resumes from.
    const std::string version = event->resourceVersion();
    if (!version.empty()) resource_version_ = version;
    delivered_ = true;
    return true;
  }

  [[nodiscard]] std::optional<std::string> eventProblem(const WatchEvent& event) const {
    if (event.type == WatchEvent::Type::Bookmark) {
      if (event.resourceVersion().empty()) return "metadata.resourceVersion: missing or not a string";
      return std::nullopt;
    }
    if (!kind_) return std::nullopt;
    return itemProblem(event.object, *kind_);
  }

  ObjectCache& cache_;
  std::optional<ObjectKind> kind_;
  std::string& resource_version_;
  std::stop_token stop_;
  std::function<void()> on_connected_;
  LineSplitter splitter_;
  bool delivered_ = false;
  bool expired_ = false;
  std::string error_;
};

/// Collects a LIST answer, giving up as soon as a stop is requested (a LIST of a big namespace, or a
/// hung server, must not hold up a shutdown).
class ListBodyHandler final : public StreamHandler {
 public:
  explicit ListBodyHandler(std::stop_token stop) : stop_(std::move(stop)) {}
  bool onStart(long) override { return true; }
  bool onChunk(std::string_view chunk) override {
    if (body_.size() + chunk.size() > LineSplitter::kDefaultMaxLine) return false;
    body_.append(chunk);
    return true;
  }
  [[nodiscard]] bool stopRequested() const override { return stop_.stop_requested(); }
  std::string takeBody() { return std::move(body_); }

 private:
  std::stop_token stop_;
  std::string body_;
};

}  // namespace

ListWatchPacing realPacing() {
  ListWatchPacing pacing;
  pacing.wait = [](std::chrono::milliseconds delay, std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any woken;
    std::unique_lock lock(mutex);
    woken.wait_for(lock, stop, delay, [] { return false; });
  };
  pacing.now = [] { return std::chrono::steady_clock::now(); };
  pacing.random = machineRandom();
  return pacing;
}

ListWatcher::ListWatcher(HttpClient& http, TokenSource& tokens, ObjectCache& cache, ListWatchSpec spec,
                         ListWatchPacing pacing, ListWatchTiming timing)
    : http_(http),
      tokens_(tokens),
      cache_(cache),
      spec_(std::move(spec)),
      pacing_(std::move(pacing)),
      timing_(timing),
      backoff_(timing.backoff, pacing_.random) {}

std::string ListWatcher::description() const { return spec_.kind + " in " + spec_.ns; }

void ListWatcher::run(std::stop_token stop) {
  bool need_list = true;
  while (!stop.stop_requested()) {
    if (need_list) {
      cache_.setSynced(false);
      std::string why;
      if (!list(stop, &why)) {
        if (stop.stop_requested()) break;
        noteFailure("cannot list " + description() + ": " + why + "; trying again with backoff");
        pacing_.wait(nextBackoff(), stop);
        continue;
      }
      need_list = false;
    }

    const SteadyTime started = now();
    const WatchResult result = watchOnce(stop);
    // Only a watch that lived and delivered proves the server well: one that ends at once, however it
    // ends (410 after 410, a bookmark then close, an empty stream), must not be repeated in a tight loop.
    const bool healthy = result.delivered && now() - started >= timing_.healthy_watch;
    if (healthy) backoff_.reset();
    const auto pause = [&] {
      if (!healthy) pacing_.wait(nextBackoff(), stop);
    };
    const auto restarted = [&](std::string_view reason) {
      if (on_restart_) on_restart_(reason);
    };
    switch (result.end) {
      case WatchEnd::Stopped:
        break;
      case WatchEnd::Ended:
        log::debug("watch of {} ended; watching again from resourceVersion {}", description(),
                   resource_version_);
        restarted("ended");
        pause();
        break;
      case WatchEnd::Expired:
        log::info("watch of {}: resourceVersion {} is too old (410 Expired); listing again", description(),
                  resource_version_);
        need_list = true;
        restarted("expired");
        pause();
        break;
      case WatchEnd::Failed:
        cache_.setSynced(false);
        noteFailure("watch of " + description() + " broke: " + result.why +
                    "; reconnecting with backoff from resourceVersion " + resource_version_ +
                    " (reads go to the ApiServer meanwhile)");
        restarted("failed");
        pacing_.wait(nextBackoff(), stop);
        break;
    }
  }
  cache_.setSynced(false);
}

SteadyTime ListWatcher::now() const { return pacing_.now ? pacing_.now() : std::chrono::steady_clock::now(); }

bool ListWatcher::list(std::stop_token stop, std::string* why) {
  HttpRequest request;
  request.path = spec_.collection_path + query(false, std::chrono::seconds(0));
  const std::string request_path = request.path;
  request.timeout = timing_.list_timeout;
  ListBodyHandler handler(stop);
  HttpResponse response = http_.stream(authorized(std::move(request)), handler);
  if (response.status >= 200 && response.status < 300) response.body = handler.takeBody();
  if (response.status == kUnauthorized) tokens_.invalidate();  // a rotated token: read it again next time
  noteRetryAfter(response);
  const auto item_kind = objectKindNamed(spec_.kind);
  std::optional<ExpectedObject> expected;
  if (item_kind) expected = ExpectedObject{listKindOf(*item_kind), spec_.ns, ""};
  KubeResult result = decodeKubeResponse(response, "GET " + request_path, expected);
  if (!result.ok()) {
    *why = result.describe();
    return false;
  }
  const std::string version = metadataString(result.object, "resourceVersion");
  if (version.empty()) {
    *why = "the list has no metadata.resourceVersion";
    return false;
  }
  std::vector<json> items;
  json& listed = result.object["items"];
  if (listed.is_array()) {
    for (json& item : listed) {
      // List items come without kind and apiVersion; objects read one by one have them.
      if (!item.is_object()) continue;
      if (!item.contains("kind")) item["kind"] = spec_.kind;
      if (!item.contains("apiVersion")) item["apiVersion"] = spec_.api_version;
      items.push_back(std::move(item));
    }
  } else if (!listed.is_null()) {
    *why = "the list's items are not an array";
    return false;
  }
  cache_.replace(items);
  resource_version_ = version;
  log::info("listed {}{}: {} objects at resourceVersion {}; watching", description(),
            spec_.label_selector.empty() ? "" : " (" + spec_.label_selector + ")", items.size(), version);
  noteRecovered();
  return true;
}

ListWatcher::WatchResult ListWatcher::watchOnce(std::stop_token stop) {
  const auto spread = timing_.max_watch_timeout - timing_.min_watch_timeout;
  const auto timeout =
      timing_.min_watch_timeout +
      std::chrono::seconds(static_cast<long long>(static_cast<double>(spread.count()) * pacing_.random()));
  HttpRequest request;
  request.path = spec_.collection_path + query(true, timeout);
  request.timeout = timeout + kWatchGrace;

  WatchStreamHandler handler(cache_, objectKindNamed(spec_.kind), resource_version_, stop, [this] {
    cache_.setSynced(true);
    noteRecovered();
  });
  const HttpResponse response = http_.stream(authorized(std::move(request)), handler);
  noteRetryAfter(response);

  WatchResult result;
  result.delivered = handler.delivered();
  if (handler.expired() || response.status == kGone) {
    result.end = WatchEnd::Expired;
  } else if (stop.stop_requested()) {
    result.end = WatchEnd::Stopped;
  } else if (!handler.error().empty()) {
    result.why = handler.error();
  } else if (response.transportFailed()) {
    result.why = response.error.empty() ? "no HTTP answer" : response.error;
  } else if (response.status < 200 || response.status >= 300) {
    if (response.status == kUnauthorized) tokens_.invalidate();
    result.why = decodeKubeResponse(response, "watch", std::nullopt).describe();
  } else {
    result.end = WatchEnd::Ended;
  }
  return result;
}

HttpRequest ListWatcher::authorized(HttpRequest request) {
  request.headers.emplace_back("Accept", "application/json");
  std::string ignored;  // a missing token shows up as the ApiServer's 401
  const std::string token = tokens_.token(&ignored);
  secrets::rememberRotating(token);  // before any answer that might echo it can be logged
  if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
  return request;
}

std::string ListWatcher::query(bool watch, std::chrono::seconds timeout) const {
  std::string text;
  auto add = [&text](const std::string& key, const std::string& value) {
    text += (text.empty() ? "?" : "&") + key + "=" + queryEscaped(value);
  };
  if (!spec_.label_selector.empty()) add("labelSelector", spec_.label_selector);
  if (watch) {
    add("watch", "1");
    add("resourceVersion", resource_version_);
    add("allowWatchBookmarks", "true");
    add("timeoutSeconds", std::to_string(timeout.count()));
  }
  return text;
}

void ListWatcher::noteFailure(const std::string& what) {
  // Once per outage: a down ApiServer must not flood the log.
  if (!failing_) {
    log::warn("{}", what);
  } else {
    log::debug("{}", what);
  }
  failing_ = true;
}

void ListWatcher::noteRecovered() {
  if (!failing_) return;
  failing_ = false;
  log::info("watch of {} works again (resourceVersion {})", description(), resource_version_);
}

std::chrono::milliseconds ListWatcher::nextBackoff() {
  const auto delay = backoff_.next();
  const auto asked = std::exchange(retry_after_, std::chrono::milliseconds(0));
  return std::max(delay, asked);
}

void ListWatcher::noteRetryAfter(const HttpResponse& response) {
  if (const auto asked = retryAfterOf(response)) {
    retry_after_ = std::min<std::chrono::milliseconds>(*asked, timing_.backoff.max);
  }
}

}  // namespace lecter
