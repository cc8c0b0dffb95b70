"""Autoscaling made through the API, as the module makes it: a scalable target and a target tracking policy."""

from __future__ import annotations

from typing import Any


def scale(
    autoscaling: Any, resource_id: str, kind: str, unit: str, low: int, high: int, target: float, **target_params: Any
) -> None:
    """Register ``resource_id``'s ``unit`` (Read or Write) from ``low`` to ``high``, tracked at ``target`` percent.

    ``kind`` is table or index; the policy is named as the module names its own,
    ``DynamoDB<Unit>CapacityUtilization:<resource id>``, so that adopt imports it.
    """
    dimension = f"dynamodb:{kind}:{unit}CapacityUnits"
    autoscaling.register_scalable_target(
        ServiceNamespace="dynamodb",
        ResourceId=resource_id,
        ScalableDimension=dimension,
        MinCapacity=low,
        MaxCapacity=high,
        **target_params,
    )
    track(autoscaling, resource_id, dimension, f"DynamoDB{unit}CapacityUtilization", target)


def track(
    autoscaling: Any,
    resource_id: str,
    dimension: str,
    metric: str,
    target: float,
    name: str | None = None,
    cooldowns: tuple[int | None, int | None] = (None, None),
) -> None:
    """A target tracking policy on ``metric``, named as the module names its own unless ``name`` says otherwise.

    ``cooldowns``: its ScaleInCooldown and ScaleOutCooldown in seconds, where given.
    """
    given = {
        field: seconds
        for field, seconds in zip(("ScaleInCooldown", "ScaleOutCooldown"), cooldowns, strict=True)
        if seconds is not None
    }
    autoscaling.put_scaling_policy(
        PolicyName=name or f"{metric}:{resource_id}",
        ServiceNamespace="dynamodb",
        ResourceId=resource_id,
        ScalableDimension=dimension,
        PolicyType="TargetTrackingScaling",
        TargetTrackingScalingPolicyConfiguration={
            "TargetValue": target,
            "PredefinedMetricSpecification": {"PredefinedMetricType": metric},
            **given,
        },
    )
