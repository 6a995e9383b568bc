#pragma once
/// Alertmanager's webhook (payload version 4), so anything that takes Alertmanager's webhooks takes
/// lecter's: one POST per group with `version`, `groupKey`, `status`, `receiver`, `groupLabels`,
/// `commonLabels`, `commonAnnotations`, `externalURL` and `alerts` (`labels`, `annotations`,
/// `startsAt`, `endsAt`, `fingerprint`). Any 2xx is success.

#include "lecter/notify/receiver.h"

namespace lecter {

class WebhookReceiver final : public Receiver {
 public:
  using Receiver::Receiver;
  [[nodiscard]] ReceiverPace pace() const override;
  [[nodiscard]] std::vector<HttpRequest> requests(const std::vector<Notification>& notifications,
                                                  const MessageContext& context) const override;
  [[nodiscard]] HttpRequest testRequest(const MessageContext& context) const override;

  /// The payload telling `notification`.
  [[nodiscard]] nlohmann::json payload(const Notification& notification, const MessageContext& context) const;
};

}  // namespace lecter
