#pragma once
/// One line of a watch response: {"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":{…}}
/// (k8s.io/apimachinery/pkg/watch: watch.Event, sent as metav1.WatchEvent). An ERROR event's object is
/// a Status; code 410 (reason Expired or Gone) means the resourceVersion is too old: list again. Pure.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace lecter {

struct WatchEvent {
  enum class Type { Added, Modified, Deleted, Bookmark, Error };
  Type type = Type::Added;
  nlohmann::json object;  // the object (a Status for Error; only metadata.resourceVersion for Bookmark)

  /// metadata.resourceVersion of the object, or empty.
  [[nodiscard]] std::string resourceVersion() const;
  /// metadata.name of the object, or empty.
  [[nodiscard]] std::string name() const;
  /// For an ERROR event: the Status code (0 when absent).
  [[nodiscard]] long statusCode() const;
  /// An ERROR event saying the watched resourceVersion is gone (410 Expired/Gone): list again.
  [[nodiscard]] bool expired() const;
};

/// "ADDED", "MODIFIED", "DELETED", "BOOKMARK" or "ERROR", as on the wire.
std::string_view toString(WatchEvent::Type type);

/// `line` decoded, or nullopt with `error` saying what is wrong (not JSON, unknown type, no object).
std::optional<WatchEvent> decodeWatchEvent(std::string_view line, std::string* error);

}  // namespace lecter
