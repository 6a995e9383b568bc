#include "notify_section.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "closest_key.h"
#include "lecter/base/file_reading.h"
#include "scalar_readers.h"
#include "scalar_text.h"

namespace lecter::config_internal {
namespace {

// A secret or a webhook URL is a line; anything bigger is the wrong file.
constexpr std::size_t kMaxSecretFileBytes = 64U * 1024;

/// The URL is a secret (robots carry their access token in it): messages never repeat it.
std::string checkUrl(const YamlValue& at, std::string url) {
  const bool https = url.rfind("https://", 0) == 0;
  const bool http = url.rfind("http://", 0) == 0;
  const std::size_t host_at = https ? 8 : 7;
  if ((!https && !http) || url.size() <= host_at || url[host_at] == '/' || url[host_at] == '?' ||
      hasControlOrSpace(url)) {
    at.fail(
        "must be an http:// or https:// URL with a host and no spaces (not repeated here: it may hold "
        "the robot's token)");
  }
  return url;
}

/// The trimmed content of `path`, for url_file and secret_file (a mounted Kubernetes Secret).
std::string readSecretFile(const YamlValue& value) {
  const std::string path = readString(value);
  if (path.empty()) value.fail("must be a file path, got " + value.describe());
  FileRead file = readRegularFile(path, kMaxSecretFileBytes);
  if (!file.ok())
    value.fail(path + " " + (file.status == FileRead::Status::NotFound ? "does not exist" : file.error));
  std::string& text = file.content;
  while (!text.empty() &&
         (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' || text.back() == '\t'))
    text.pop_back();
  if (text.empty()) value.fail(path + " is empty");
  return std::move(text);
}

/// The value of `inline_key` or the content of the file `file_key` names (never both); empty when
/// neither is given and `required` is false.
std::string readInlineOrFile(const YamlMap& map, std::string_view inline_key, std::string_view file_key,
                             bool required) {
  const auto inline_value = map.find(inline_key);
  const auto file_value = map.find(file_key);
  if (inline_value && file_value) {
    file_value->fail("give " + std::string(inline_key) + " or " + std::string(file_key) + ", not both");
  }
  if (inline_value) {
    std::string text = readString(*inline_value, /*echo=*/false);
    if (text.empty()) inline_value->fail("must not be empty");
    return text;
  }
  if (file_value) return readSecretFile(*file_value);
  if (required) {
    map.self().fail("needs " + std::string(inline_key) + " (or " + std::string(file_key) +
                    ", a file holding it)");
  }
  return {};
}

ReceiverType readType(const YamlValue& value) {
  const std::string type = readChoice(value, {"dingtalk", "wecom", "feishu", "slack", "webhook"});
  if (type == "dingtalk") return ReceiverType::DingTalk;
  if (type == "wecom") return ReceiverType::WeCom;
  if (type == "feishu") return ReceiverType::Feishu;
  if (type == "slack") return ReceiverType::Slack;
  return ReceiverType::Webhook;
}

bool isReceiverName(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::vector<std::string> readServiceKeys(const YamlValue& value, const std::vector<ServiceSpec>& services) {
  if (!value.isList())
    value.fail("must be a list of service keys (of service_info), got " + value.describe());
  std::vector<std::string> known;
  for (const auto& service : services) known.push_back(service.key);
  std::vector<std::string> keys;
  std::size_t index = 0;
  for (const YAML::Node& element : value.node()) {
    const YamlValue item = value.item(element, index++);
    std::string key = readString(item);
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      std::string what = "names no service of service_info, got " + item.describe();
      if (const auto close = closestKey(key, known)) what += " (did you mean " + *close + "?)";
      item.fail(what);
    }
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
  }
  if (keys.empty()) value.fail("must name at least one service (leave it out for every service)");
  return keys;
}

std::vector<AlertEvent> readEvents(const YamlValue& value) {
  if (!value.isList()) {
    value.fail("must be a list of target_down, service_down, writes_failing or partition_guard, got " +
               value.describe());
  }
  std::vector<AlertEvent> events;
  std::size_t index = 0;
  for (const YAML::Node& element : value.node()) {
    const std::string name = readChoice(value.item(element, index++),
                                        {"target_down", "service_down", "writes_failing", "partition_guard"});
    const AlertEvent event = alertEventNamed(name).value_or(AlertEvent::TargetDown);  // a choice above
    if (std::find(events.begin(), events.end(), event) == events.end()) events.push_back(event);
  }
  if (events.empty()) value.fail("must name at least one event (leave it out for every event)");
  return events;
}

ReceiverConfig readReceiver(const YamlValue& value, const std::vector<ServiceSpec>& services) {
  const YamlMap map(value, "a mapping with name, type and url");
  map.allowOnly({"name", "type", "url", "url_file", "secret", "secret_file", "services", "events"});
  ReceiverConfig receiver;
  const YamlValue name = map.require("name");
  receiver.name = readString(name);
  if (!isReceiverName(receiver.name)) {
    name.fail("must be at most 63 letters, digits, '-', '_' or '.', got " + name.describe());
  }
  receiver.type = readType(map.require("type"));
  const YamlValue url_at = map.find("url").value_or(map.find("url_file").value_or(map.self()));
  receiver.url = checkUrl(url_at, readInlineOrFile(map, "url", "url_file", /*required=*/true));
  if (std::string secret = readInlineOrFile(map, "secret", "secret_file", /*required=*/false);
      !secret.empty()) {
    if (receiver.type != ReceiverType::DingTalk && receiver.type != ReceiverType::Feishu) {
      const YamlValue at = map.find("secret").value_or(map.find("secret_file").value_or(map.self()));
      at.fail("only dingtalk and feishu robots sign their messages with a secret; " +
              std::string(toString(receiver.type)) + " takes none");
    }
    receiver.secret = std::move(secret);
  }
  if (const auto keys = map.find("services"); keys && !keys->isNull())
    receiver.services = readServiceKeys(*keys, services);
  if (const auto events = map.find("events"); events && !events->isNull())
    receiver.events = readEvents(*events);
  return receiver;
}

}  // namespace

NotifyConfig readNotify(const YamlValue& value, const std::vector<ServiceSpec>& services) {
  NotifyConfig notify;
  if (value.isNull()) return notify;
  const YamlMap map(value, "a mapping (receivers, group_wait, group_interval, repeat_interval)");
  map.allowOnly({"receivers", "group_wait", "group_interval", "repeat_interval", "write_failure_after",
                 "external_url"});
  if (const auto url = map.find("external_url"); url && !url->isNull()) {
    notify.external_url = readString(*url);
    if (!notify.external_url.empty() && notify.external_url.rfind("http://", 0) != 0 &&
        notify.external_url.rfind("https://", 0) != 0) {
      url->fail("must be an http:// or https:// URL (lecter's /status as people reach it), got " +
                url->describe());
    }
  }
  if (const auto wait = map.find("group_wait"); wait && !wait->isNull())
    notify.group_wait = readDuration(*wait, 0);
  const auto interval = map.find("group_interval");
  if (interval && !interval->isNull()) notify.group_interval = readDuration(*interval, 100);
  if (const auto repeat = map.find("repeat_interval"); repeat && !repeat->isNull()) {
    notify.repeat_interval = readDuration(*repeat, 100);
    if (notify.repeat_interval < notify.group_interval) {
      repeat->fail("must be at least notify.group_interval (" + showDuration(notify.group_interval.count()) +
                   "): a group is looked at only once per group_interval, got " + repeat->describe());
    }
  } else if (interval && notify.repeat_interval < notify.group_interval) {
    interval->fail("must be at most notify.repeat_interval (" + showDuration(notify.repeat_interval.count()) +
                   " when not given): a firing group is told again after repeat_interval; set it too, got " +
                   interval->describe());
  }
  if (const auto after = map.find("write_failure_after"); after && !after->isNull())
    notify.write_failure_after = readDuration(*after, 0);
  const auto receivers = map.find("receivers");
  if (!receivers || receivers->isNull()) return notify;
  if (!receivers->isList()) {
    receivers->fail("must be a list of receivers ({name, type, url}), got " + receivers->describe());
  }
  std::map<std::string, int> first_line;
  std::size_t index = 0;
  for (const YAML::Node& element : receivers->node()) {
    const YamlValue item = receivers->item(element, index++);
    ReceiverConfig receiver = readReceiver(item, services);
    if (const auto seen = first_line.find(receiver.name); seen != first_line.end()) {
      item.fail("receiver name " + receiver.name + " is given twice (first at line " +
                std::to_string(seen->second) + ")");
    }
    first_line.emplace(receiver.name, item.line());
    notify.receivers.push_back(std::move(receiver));
  }
  return notify;
}

}  // namespace lecter::config_internal
