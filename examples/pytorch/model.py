"""A small causal language model over rulex's token ids: embedding, one LSTM layer, a linear head.

Any model that maps ids int64 [B, T] to next-token logits [B, T, V], causally, fits rulex: this one
is here to be replaced.
"""
import torch
import torch.nn as nn


class LstmLM(nn.Module):
    def __init__(self, vocabulary_size: int, width: int):
        super().__init__()
        self.embed = nn.Embedding(vocabulary_size, width)
        self.lstm = nn.LSTM(width, width, batch_first=True)
        self.head = nn.Linear(width, vocabulary_size)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        h, _ = self.lstm(self.embed(ids))  # [B, T, width]; position t has read ids[:, :t+1] only
        return self.head(h)  # [B, T, V]
