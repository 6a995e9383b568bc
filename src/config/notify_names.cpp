#include "lecter/config/config.h"

namespace lecter {

std::string_view toString(ReceiverType type) {
  switch (type) {
    case ReceiverType::DingTalk:
      return "dingtalk";
    case ReceiverType::WeCom:
      return "wecom";
    case ReceiverType::Feishu:
      return "feishu";
    case ReceiverType::Slack:
      return "slack";
    case ReceiverType::Webhook:
      return "webhook";
  }
  return "webhook";
}

std::string_view toString(AlertEvent event) {
  switch (event) {
    case AlertEvent::TargetDown:
      return "target_down";
    case AlertEvent::ServiceDown:
      return "service_down";
    case AlertEvent::WritesFailing:
      return "writes_failing";
    case AlertEvent::PartitionGuard:
      return "partition_guard";
  }
  return "target_down";
}

std::optional<AlertEvent> alertEventNamed(std::string_view name) {
  for (const AlertEvent event : {AlertEvent::TargetDown, AlertEvent::ServiceDown, AlertEvent::WritesFailing,
                                 AlertEvent::PartitionGuard}) {
    if (toString(event) == name) return event;
  }
  return std::nullopt;
}

}  // namespace lecter
