#include "webhook_receiver.h"

#include "lecter/base/utc_time.h"

namespace lecter {
namespace {

// Alertmanager's endsAt of an alert that still fires: Go's zero time.
constexpr const char* kZeroTime = "0001-01-01T00:00:00Z";

using Labels = std::map<std::string, std::string>;

Labels annotationsOf(const Alert& alert, long long now_ms) {
  const MessageLine line = alertLine(alert, now_ms);
  Labels annotations{{"summary", line.lead}, {"description", line.text}};
  if (!alert.outcome.empty()) annotations["outcome"] = alert.outcome;
  if (!alert.detail.empty()) annotations["detail"] = alert.detail;
  return annotations;
}

/// What every map in `maps` holds alike (Alertmanager's commonLabels and commonAnnotations).
Labels common(const std::vector<Labels>& maps) {
  if (maps.empty()) return {};
  Labels shared = maps.front();
  for (const Labels& other : maps) {
    std::erase_if(shared, [&](const auto& entry) {
      const auto found = other.find(entry.first);
      return found == other.end() || found->second != entry.second;
    });
  }
  return shared;
}

std::string groupKey(const Labels& group_labels) {
  std::string key = "{}:{";
  bool first = true;
  for (const auto& [name, value] : group_labels) {
    key += (first ? "" : ",") + name + "=" + nlohmann::json(value).dump();
    first = false;
  }
  return key + "}";
}

nlohmann::json alertJson(const Alert& alert, const Labels& labels, const Labels& annotations,
                         const std::string& generator_url) {
  return {{"status", alert.resolved() ? "resolved" : "firing"},
          {"labels", labels},
          {"annotations", annotations},
          {"startsAt", utcTimestamp(alert.starts_ms, true)},
          {"endsAt", alert.resolved() ? utcTimestamp(alert.ends_ms, true) : kZeroTime},
          {"generatorURL", generator_url},
          {"fingerprint", fingerprint(labels)}};
}

}  // namespace

// No documented limit: enough for a burst of groups without flooding whatever takes them.
ReceiverPace WebhookReceiver::pace() const { return {5.0, 10}; }

nlohmann::json WebhookReceiver::payload(const Notification& notification,
                                        const MessageContext& context) const {
  Labels group_labels;
  if (!notification.group.empty()) group_labels["service"] = notification.group;
  std::vector<Labels> all_labels;
  std::vector<Labels> all_annotations;
  nlohmann::json alerts = nlohmann::json::array();
  for (const auto* list : {&notification.firing, &notification.resolved}) {
    for (const Alert& alert : *list) {
      all_labels.push_back(alertLabels(alert));
      all_annotations.push_back(annotationsOf(alert, context.now_ms));
      alerts.push_back(alertJson(alert, all_labels.back(), all_annotations.back(), context.external_url));
    }
  }
  return {{"version", "4"},
          {"groupKey", groupKey(group_labels)},
          {"truncatedAlerts", 0},
          {"status", notification.firing.empty() ? "resolved" : "firing"},
          {"receiver", config().name},
          {"groupLabels", group_labels},
          {"commonLabels", common(all_labels)},
          {"commonAnnotations", common(all_annotations)},
          {"externalURL", context.external_url},
          {"alerts", std::move(alerts)}};
}

std::vector<HttpRequest> WebhookReceiver::requests(const std::vector<Notification>& notifications,
                                                   const MessageContext& context) const {
  std::vector<HttpRequest> requests;
  for (const Notification& notification : notifications)
    requests.push_back(jsonPost(config().url, payload(notification, context)));
  return requests;
}

HttpRequest WebhookReceiver::testRequest(const MessageContext& context) const {
  const Labels labels{{"alertname", "LecterTest"}, {"severity", "none"}};
  const Labels annotations{{"summary", "lecter test message"},
                           {"description", "receiver " + config().name + " reaches this webhook"}};
  Alert test;
  test.starts_ms = context.now_ms;
  const nlohmann::json payload = {
      {"version", "4"},
      {"groupKey", "{}:{alertname=\"LecterTest\"}"},
      {"truncatedAlerts", 0},
      {"status", "firing"},
      {"receiver", config().name},
      {"groupLabels", {{"alertname", "LecterTest"}}},
      {"commonLabels", labels},
      {"commonAnnotations", annotations},
      {"externalURL", context.external_url},
      {"alerts", nlohmann::json::array({alertJson(test, labels, annotations, context.external_url)})}};
  return jsonPost(config().url, payload);
}

}  // namespace lecter
