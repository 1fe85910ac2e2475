import {
  Button,
  FocusModal,
  Heading,
  Input,
  Label,
  Text,
  toast,
} from "@medusajs/ui"
import { useState } from "react"
import { useUpdateBackorderPriority } from "../hooks/api/backorders"

/** Sets one priority on the selected backorders (higher ships first); re-plans each. */
export const PriorityModal = ({
  open,
  onOpenChange,
  backorderIds,
  onDone,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  backorderIds: string[]
  onDone?: () => void
}) => {
  const [value, setValue] = useState("10")
  const update = useUpdateBackorderPriority()
  const parsed = Number(value)
  const valid = value.trim() !== "" && Number.isInteger(parsed)
  const submit = async () => {
    for (const id of backorderIds) {
      await update.mutateAsync({ id, priority: parsed })
    }
    toast.success(
      `Priority ${parsed} set on ${backorderIds.length} backorder(s)`
    )
    onOpenChange(false)
    onDone?.()
  }
  return (
    <FocusModal open={open} onOpenChange={onOpenChange}>
      <FocusModal.Content>
        <FocusModal.Header>
          <Button
            size="small"
            onClick={submit}
            disabled={!valid || update.isPending}
          >
            Set priority
          </Button>
        </FocusModal.Header>
        <FocusModal.Body className="flex flex-col items-center py-16">
          <div className="flex w-full max-w-lg flex-col gap-y-4">
            <FocusModal.Title asChild>
              <Heading>Change priority</Heading>
            </FocusModal.Title>
            <Text className="text-ui-fg-subtle">
              {backorderIds.length} backorder(s) selected. Higher priority ships
              first when stock arrives; the queue is re-planned at once.
            </Text>
            <div className="flex flex-col gap-2">
              <Label htmlFor="bulk-priority">Priority</Label>
              <Input
                id="bulk-priority"
                type="number"
                value={value}
                onChange={(e) => setValue(e.target.value)}
              />
            </div>
          </div>
        </FocusModal.Body>
      </FocusModal.Content>
    </FocusModal>
  )
}
