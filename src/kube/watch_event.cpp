#include "lecter/kube/watch_event.h"

#include "http_status.h"

#include <array>
#include <utility>

#include "bounded_json.h"
#include "kube_response.h"
#include "lecter/base/json_fields.h"
#include "lecter/base/one_line.h"
#include "lecter/kube/answer_decoding.h"

namespace lecter {

using http_status::kGone;
namespace {

using nlohmann::json;

constexpr std::array<std::pair<const char*, WatchEvent::Type>, 5> kTypes{{
    {"ADDED", WatchEvent::Type::Added},
    {"MODIFIED", WatchEvent::Type::Modified},
    {"DELETED", WatchEvent::Type::Deleted},
    {"BOOKMARK", WatchEvent::Type::Bookmark},
    {"ERROR", WatchEvent::Type::Error},
}};

std::optional<WatchEvent::Type> typeNamed(const std::string& name) {
  for (const auto& [text, type] : kTypes) {
    if (name == text) return type;
  }
  return std::nullopt;
}

void setError(std::string* error, std::string text) {
  if (error != nullptr) *error = std::move(text);
}

}  // namespace

std::string_view toString(WatchEvent::Type type) {
  for (const auto& [text, known] : kTypes) {
    if (known == type) return text;
  }
  return "?";
}

std::string WatchEvent::resourceVersion() const { return metadataString(object, "resourceVersion"); }

std::string WatchEvent::name() const { return metadataString(object, "name"); }

long WatchEvent::statusCode() const { return statusFieldsOf(object).code; }

bool WatchEvent::expired() const {
  if (type != Type::Error) return false;
  const StatusFields status = statusFieldsOf(object);
  return status.code == kGone || status.reason == "Expired" || status.reason == "Gone";
}

std::optional<WatchEvent> decodeWatchEvent(std::string_view line, std::string* error) {
  std::string parse_error;
  const auto parsed_line = parseBoundedJson(line, &parse_error);
  if (!parsed_line || !parsed_line->is_object()) {
    setError(error, "watch event is not a JSON object" +
                        (parse_error.empty() ? "" : " (" + parse_error + ")") + ": " +
                        bodyExcerpt(std::string(line)));
    return std::nullopt;
  }
  const json& parsed = *parsed_line;
  const json& type = jsonMember(parsed, "type");
  if (!type.is_string()) {
    setError(error, "watch event without a type: " + bodyExcerpt(std::string(line)));
    return std::nullopt;
  }
  const std::string type_name = type.get<std::string>();
  const auto known = typeNamed(type_name);
  if (!known) {
    setError(error, "watch event of unknown type " + oneLine(type_name));
    return std::nullopt;
  }
  const json& object = jsonMember(parsed, "object");
  if (!object.is_object()) {
    setError(error, "watch event " + type_name + " without an object");
    return std::nullopt;
  }
  setError(error, {});
  return WatchEvent{*known, object};
}

}  // namespace lecter
