#pragma once
/// A YAML node together with its key path and its place in the file, so that every check can say
/// what is wrong, with which key and where, in one message:
/// "config.yaml:12:5: my_conf.interval: must be …".

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lecter::config_internal {

class YamlValue {
 public:
  /// `source` names the file in messages and must outlive the value. `fallback` is where to point
  /// when the node carries no useful position of its own: yaml-cpp places an empty value at the
  /// token that follows it, so a null is better shown at its key.
  YamlValue(YAML::Node node, std::string path, const std::string* source, YAML::Mark fallback);

  [[nodiscard]] const YAML::Node& node() const { return node_; }
  /// The dotted key path, e.g. "service_healthcheck_list.redis.iplist[1].ip"; empty for the root.
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const std::string& source() const { return *source_; }

  [[nodiscard]] bool isNull() const { return !node_.IsDefined() || node_.IsNull(); }
  [[nodiscard]] bool isMap() const { return node_.IsMap(); }
  [[nodiscard]] bool isList() const { return node_.IsSequence(); }
  [[nodiscard]] bool isScalar() const { return node_.IsScalar(); }
  /// True for a scalar written without quotes or tag, whose type YAML resolves from its text.
  [[nodiscard]] bool isPlainScalar() const { return node_.IsScalar() && node_.Tag() == "?"; }

  /// What the file holds here, for "got …" in messages: nothing, a mapping, a list, 2000, "abc", or
  /// the string "2000" (a quoted number). Long or odd text is cut and escaped.
  [[nodiscard]] std::string describe() const;

  /// 1-based line and column of the node (or of the fallback).
  [[nodiscard]] int line() const;
  [[nodiscard]] int column() const;

  /// "<file>:<line>:<column>: <path>: <what>", the one shape of every error and warning.
  [[nodiscard]] std::string message(std::string_view what) const;
  /// Throws ConfigError with message(what).
  [[noreturn]] void fail(std::string_view what) const;

  /// The same node under another path (e.g. to leave a list index out of the path).
  [[nodiscard]] YamlValue withPath(std::string path) const;
  /// The value of `key` in this mapping; its fallback position is the key's.
  [[nodiscard]] YamlValue child(const YAML::Node& key_node, const YAML::Node& value,
                                std::string_view key) const;
  /// The list item at `index`.
  [[nodiscard]] YamlValue item(const YAML::Node& value, std::size_t index) const;
  /// The path of `key` below this value.
  [[nodiscard]] std::string childPath(std::string_view key) const;

 private:
  [[nodiscard]] YAML::Mark mark() const;

  YAML::Node node_;
  std::string path_;
  const std::string* source_;
  YAML::Mark fallback_;
};

/// One key of a mapping and its value.
struct YamlEntry {
  std::string key;
  YamlValue key_value;  // the key itself, for messages that point at it
  YamlValue value;
};

/// A mapping whose keys have been checked to be distinct plain names.
class YamlMap {
 public:
  /// Fails unless `value` is a mapping; `expected` completes "must be …", e.g. "a mapping with
  /// interval and pingtimeout". A key given twice fails at its second place.
  YamlMap(const YamlValue& value, std::string_view expected);

  [[nodiscard]] const YamlValue& self() const { return self_; }
  [[nodiscard]] const std::vector<YamlEntry>& entries() const { return entries_; }
  [[nodiscard]] bool empty() const { return entries_.empty(); }

  /// Fails at the first key that is not one of `known`, suggesting the closest known key.
  void allowOnly(const std::vector<std::string_view>& known) const;
  [[nodiscard]] std::optional<YamlValue> find(std::string_view key) const;
  /// The value of `key`; fails at this mapping when the key is missing.
  [[nodiscard]] YamlValue require(std::string_view key) const;
  /// Fails at this mapping, naming `key` as required and missing.
  [[noreturn]] void failMissing(std::string_view key) const;

 private:
  YamlValue self_;
  std::vector<YamlEntry> entries_;
};

}  // namespace lecter::config_internal
