#pragma once
/// Keeps one ObjectCache in step with the ApiServer, as client-go's reflector does: LIST the collection
/// (with the label selector), fill the cache, remember the list's resourceVersion, WATCH from it
/// (allowWatchBookmarks, timeoutSeconds random in [300, 600] s) and apply each event. A watch that ends
/// normally is started again from the last resourceVersion; an ERROR event with code 410 (the version
/// was compacted away) means LIST again; a transport error, a refused watch or a broken stream means
/// reconnect with exponential backoff (with jitter, reset after a stream that delivered something)
/// from the last resourceVersion. Whatever ends a watch, the next request waits the backoff unless
/// that watch lived (ListWatchTiming::healthy_watch) and delivered something, so a server that ends
/// every watch at once (410 after 410, a bookmark then close) is not hammered. An event whose object
/// cannot be read (answer_decoding.h) breaks the stream like an unreadable line: nothing is applied
/// from it. The cache is marked not synced while re-listing or reconnecting.
/// Each of these is logged once, with kind and namespace; never the token.
///
/// Thread affinity: run() blocks on the thread that calls it (one per ListWatcher), with its own
/// HttpClient; the TokenSource may be shared (it is thread-safe).

#include <chrono>
#include <functional>
#include <stop_token>
#include <string>
#include <string_view>

#include "lecter/base/backoff.h"
#include "lecter/base/clock.h"
#include "lecter/kube/http_client.h"
#include "lecter/kube/object_cache.h"
#include "lecter/kube/token_source.h"

namespace lecter {

/// One collection to list and watch.
struct ListWatchSpec {
  std::string kind;         // of the items, for logs and list items: Endpoints, Service, EndpointSlice
  std::string api_version;  // of the items: v1, discovery.k8s.io/v1
  std::string ns;
  std::string collection_path;  // e.g. /api/v1/namespaces/prod/endpoints (no query)
  std::string label_selector;   // e.g. app.kubernetes.io/managed-by=lecter; empty: every object
};

struct ListWatchTiming {
  std::chrono::seconds min_watch_timeout{300};  // client-go's reflector: minWatchTimeout 5 min, up to 2x
  std::chrono::seconds max_watch_timeout{600};
  /// Between failed or short-lived attempts: 200 ms doubling to 30 s, each up to 20 % longer at random.
  BackoffPolicy backoff{std::chrono::milliseconds(200), std::chrono::milliseconds(30000), 0.2};
  std::chrono::milliseconds list_timeout{60000};
  /// A watch that lasted this long and delivered something resets the backoff; any other ending waits
  /// the next backoff before the next LIST or WATCH.
  std::chrono::seconds healthy_watch{10};
};

/// The loop's seams: waiting (cut short by a stop) and randomness, so tests neither sleep nor guess.
struct ListWatchPacing {
  /// Waits `delay`, or less once `stop` is requested.
  std::function<void(std::chrono::milliseconds delay, std::stop_token stop)> wait;
  /// A number in [0, 1).
  std::function<double()> random;
  /// Monotonic time, to tell how long a watch lived (the machine's steady clock when empty).
  std::function<SteadyTime()> now;
};

/// Real waiting on a condition variable woken by the stop, and a random generator of its own.
ListWatchPacing realPacing();

class ListWatcher {
 public:
  ListWatcher(HttpClient& http, TokenSource& tokens, ObjectCache& cache, ListWatchSpec spec,
              ListWatchPacing pacing, ListWatchTiming timing = {});

  /// Lists and watches until `stop` is requested (a running watch ends within a fraction of a second); the
  /// cache is left not synced.
  void run(std::stop_token stop);

  /// "Endpoints in prod", for logs.
  [[nodiscard]] std::string description() const;

  /// Told each time a watch ends and another is started (for lecter_watch_restarts_total): "ended"
  /// (the server closed it), "expired" (410: listed again) or "failed". Call before run().
  void onRestart(std::function<void(std::string_view reason)> hook) { on_restart_ = std::move(hook); }

 private:
  enum class WatchEnd {
    Ended,    // the server ended the stream cleanly
    Expired,  // 410: list again
    Failed,   // transport error, refused, broken or unreadable stream
    Stopped,
  };
  struct WatchResult {
    WatchEnd end = WatchEnd::Failed;
    bool delivered = false;  // at least one event came
    std::string why;
  };

  bool list(std::stop_token stop, std::string* why);
  WatchResult watchOnce(std::stop_token stop);
  HttpRequest authorized(HttpRequest request);
  void noteFailure(const std::string& what);
  void noteRecovered();
  /// The next wait: the backoff (doubled each time, with jitter), or longer when the server asked for
  /// more with Retry-After.
  std::chrono::milliseconds nextBackoff();
  /// Remembers a 429's or 503's Retry-After (seconds, at most the backoff's max) for the next wait.
  void noteRetryAfter(const HttpResponse& response);
  [[nodiscard]] SteadyTime now() const;
  [[nodiscard]] std::string query(bool watch, std::chrono::seconds timeout) const;

  HttpClient& http_;
  TokenSource& tokens_;
  ObjectCache& cache_;
  ListWatchSpec spec_;
  ListWatchPacing pacing_;
  ListWatchTiming timing_;
  std::string resource_version_;
  Backoff backoff_;
  std::chrono::milliseconds retry_after_{0};
  bool failing_ = false;  // a failure was logged and nothing has worked since
  std::function<void(std::string_view reason)> on_restart_;
};

}  // namespace lecter
