"""The fake-face classifier: the ResNet-18 stem and first three stages, global average pooling and one logit."""
import torch
from torch import nn

from .backbone import RGB_MEAN, OnnxResNet

INPUT_SIZE = 224


class FaceFakeNet(nn.Module):
    """(N, 3, 224, 224) RGB in 0..255 minus RGB_MEAN -> (N, 1) logit of the face being fake.

    Stage 4 is left out: deepfake evidence is texture and blending (mid-level features), stage 4 adds 11 M
    parameters of object semantics, and without it the model is 11 MB and a quarter cheaper to run.
    """

    def __init__(self, backbone_onnx, dropout=0.3):
        super().__init__()
        self.backbone = OnnxResNet(backbone_onnx, stages=3)
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(self.backbone.out_channels, 1)
        nn.init.zeros_(self.head.bias)
        nn.init.normal_(self.head.weight, std=0.01)
        self.frozen_until = self.backbone.stage_end(2)

    def frozen_features(self, x):
        """The output of the frozen part (stem, stages 1-2), cached once per training view."""
        return self.backbone.run(x, 0, self.frozen_until)

    def classify_features(self, features):
        """Logits from cached frozen features: stage 3, pooling and the head (the part that trains)."""
        x = self.backbone.run(features, self.frozen_until + 1)
        return self.head(self.dropout(x.mean(dim=(2, 3))))

    def trainable_parameters(self):
        frozen = {id(p) for i, step in enumerate(self.backbone.steps[:self.frozen_until + 1])
                  if step[2] in self.backbone.layers for p in self.backbone.layers[step[2]].parameters()}
        return [p for p in self.parameters() if id(p) not in frozen]

    def forward(self, x):
        return self.classify_features(self.frozen_features(x))


def to_input(views):
    """uint8 (N, H, W, 3) RGB views as the network's float input: channels first, minus the RGB means."""
    x = torch.from_numpy(views).permute(0, 3, 1, 2).float()
    return x - torch.tensor(RGB_MEAN).view(1, 3, 1, 1)


def manifest_normalisation():
    """The manifest's mean/std for this input: the engine computes (p/255 - mean)/std, which must equal p - mean."""
    return [round(m / 255, 7) for m in RGB_MEAN], [round(1 / 255, 9)] * 3
