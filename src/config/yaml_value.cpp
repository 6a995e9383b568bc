#include "yaml_value.h"

#include <map>
#include <utility>

#include "closest_key.h"
#include "lecter/config/config_loader.h"
#include "scalar_text.h"

namespace lecter::config_internal {

YamlValue::YamlValue(YAML::Node node, std::string path, const std::string* source, YAML::Mark fallback)
    : node_(std::move(node)), path_(std::move(path)), source_(source), fallback_(fallback) {}

YAML::Mark YamlValue::mark() const {
  if (!isNull() && !node_.Mark().is_null()) return node_.Mark();
  if (!fallback_.is_null()) return fallback_;
  return YAML::Mark();
}

int YamlValue::line() const { return mark().line + 1; }
int YamlValue::column() const { return mark().column + 1; }

std::string YamlValue::describe() const {
  if (isNull()) return "nothing";
  if (node_.IsMap()) return "a mapping";
  if (node_.IsSequence()) return "a list";
  const std::string& text = node_.Scalar();
  if (isPlainScalar() && looksLikeYamlNumberOrBool(text)) return text;
  if (!isPlainScalar() && looksLikeYamlNumberOrBool(text)) return "the string " + quotedText(text);
  return quotedText(text);
}

std::string YamlValue::message(std::string_view what) const {
  std::string out = *source_ + ":" + std::to_string(line()) + ":" + std::to_string(column()) + ": ";
  if (!path_.empty()) out += path_ + ": ";
  out += what;
  return out;
}

void YamlValue::fail(std::string_view what) const { throw ConfigError(message(what)); }

YamlValue YamlValue::withPath(std::string path) const {
  return YamlValue(node_, std::move(path), source_, fallback_);
}

std::string YamlValue::childPath(std::string_view key) const {
  if (path_.empty()) return printable(key);
  return path_ + "." + printable(key);
}

YamlValue YamlValue::child(const YAML::Node& key_node, const YAML::Node& value, std::string_view key) const {
  const YAML::Mark key_mark = key_node.Mark().is_null() ? mark() : key_node.Mark();
  return YamlValue(value, childPath(key), source_, key_mark);
}

YamlValue YamlValue::item(const YAML::Node& value, std::size_t index) const {
  return YamlValue(value, path_ + "[" + std::to_string(index) + "]", source_, mark());
}

YamlMap::YamlMap(const YamlValue& value, std::string_view expected) : self_(value) {
  if (!value.isMap()) value.fail("must be " + std::string(expected) + ", got " + value.describe());
  std::map<std::string, int, std::less<>> first_line;
  for (auto it = value.node().begin(); it != value.node().end(); ++it) {
    const YAML::Node key_node = it->first;
    if (!key_node.IsScalar()) {
      YamlValue(key_node, value.path(), &value.source(), value.node().Mark())
          .fail("keys must be plain names, got " +
                YamlValue(key_node, {}, &value.source(), YAML::Mark()).describe() + " as a key");
    }
    const std::string key = key_node.Scalar();
    YamlValue key_value(key_node, value.childPath(key), &value.source(), value.node().Mark());
    if (const auto seen = first_line.find(key); seen != first_line.end()) {
      key_value.fail("given twice (first at line " + std::to_string(seen->second) + ")");
    }
    first_line.emplace(key, key_value.line());
    entries_.push_back(YamlEntry{key, key_value, value.child(key_node, it->second, key)});
  }
}

void YamlMap::allowOnly(const std::vector<std::string_view>& known) const {
  std::vector<std::string> names(known.begin(), known.end());
  for (const YamlEntry& entry : entries_) {
    bool is_known = false;
    for (const std::string& name : names) is_known = is_known || name == entry.key;
    if (is_known) continue;
    if (const auto suggestion = closestKey(entry.key, names)) {
      entry.key_value.fail("unknown key; did you mean \"" + *suggestion + "\"?");
    }
    std::string list;
    for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
    entry.key_value.fail("unknown key (expected one of: " + list + ")");
  }
}

std::optional<YamlValue> YamlMap::find(std::string_view key) const {
  for (const YamlEntry& entry : entries_) {
    if (entry.key == key) return entry.value;
  }
  return std::nullopt;
}

YamlValue YamlMap::require(std::string_view key) const {
  if (auto value = find(key)) return *value;
  failMissing(key);
}

void YamlMap::failMissing(std::string_view key) const {
  self_.withPath(self_.childPath(key)).fail("required key is missing");
}

}  // namespace lecter::config_internal
