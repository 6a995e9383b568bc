#include "dingtalk_receiver.h"
#include "feishu_receiver.h"
#include "lecter/notify/receiver.h"
#include "slack_receiver.h"
#include "webhook_receiver.h"
#include "wecom_receiver.h"

namespace lecter {

std::unique_ptr<Receiver> makeReceiver(const ReceiverConfig& config) {
  switch (config.type) {
    case ReceiverType::DingTalk:
      return std::make_unique<DingTalkReceiver>(config);
    case ReceiverType::WeCom:
      return std::make_unique<WeComReceiver>(config);
    case ReceiverType::Feishu:
      return std::make_unique<FeishuReceiver>(config);
    case ReceiverType::Slack:
      return std::make_unique<SlackReceiver>(config);
    case ReceiverType::Webhook:
      return std::make_unique<WebhookReceiver>(config);
  }
  return std::make_unique<WebhookReceiver>(config);
}

}  // namespace lecter
